package cn.railway.tempid.verification;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.RateLimiter;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code ticketIdNumber} from being an ID-number oracle. The masked number on a frame leaves
 * 10⁴–10⁵ candidates, and a yes/no per candidate against one live frame would find the holder's
 * number in minutes; so the ticket ID numbers that were not the holder's are counted per
 * certificate, whichever checkpoint or key sent them, in the shared database ({@link RateLimiter}:
 * the same count on every node). Once {@code tempid.checks.ticket-match.max-misses} (3) were
 * counted in a window of {@code tempid.checks.ticket-match.window} (10 minutes), every further
 * check of that certificate that carries a ticket number answers {@code 429 TICKET_MATCH_LIMITED}
 * with {@code Retry-After} until the window ends, the holder's own number included (a refusal that
 * only wrong numbers got would still answer the question). Checks without a ticket number go on as
 * ever: the gate still works.
 *
 * <p>Windows are fixed (they start at multiples of the window length on the one clock, as every
 * limit of {@link RateLimiter}): at most {@code max-misses} per window, so at most twice that
 * around a window boundary, and a refusal lasts until the window ends, not a full window from the
 * last miss. A matching number is not counted (a ticket window matching the right passenger all day
 * is never refused) and does not reset the count either (interleaving numbers does not make
 * guessing free).
 *
 * <p>Cost: a check with a ticket number does one statement more than one without: the counted miss
 * (one upsert on PostgreSQL) or, for a match, one read of the count. Nothing for checks without.
 */
@Component
class TicketMatches {
  private final RateLimiter limiter;
  private final RateLimiter.Limit misses;

  TicketMatches(RateLimiter limiter, VerificationProperties settings) {
    this.limiter = limiter;
    VerificationProperties.TicketMatch ticketMatch = settings.checks().ticketMatch();
    this.misses =
        new RateLimiter.Limit("ticket-match-misses", ticketMatch.maxMisses(), ticketMatch.window());
  }

  /**
   * Admits the answer {@code matches} to a ticket match of {@code certificateId}, or throws 429
   * {@code TICKET_MATCH_LIMITED}; a miss is counted first. True when this miss is the one that
   * reaches the limit: the holder's check log gets a {@code TICKET_MATCH_PROBING} alert with it,
   * once per window however many checks are refused afterwards.
   */
  boolean admit(String certificateId, boolean matches) {
    RateLimiter.Outcome outcome =
        matches ? limiter.peek(misses, certificateId) : limiter.hit(misses, certificateId);
    if (!outcome.allowed()) {
      long seconds = Math.max(1, (outcome.retryAfter().toMillis() + 999) / 1000);
      throw new ApiException(
          ProblemCode.TICKET_MATCH_LIMITED,
          ProblemCode.TICKET_MATCH_LIMITED.messageEn(),
          Map.of(ApiException.RETRY_AFTER_SECONDS, seconds));
    }
    return !matches && outcome.hits() == misses.max();
  }
}
