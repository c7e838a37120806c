package cn.railway.tempid.application.guest;

import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.ApplicationRepository.ApplicantToken;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A guest's applicant tokens (R16): issued for one application, stored hashed (so shown once),
 * valid for {@code tempid.guests.applicant-token-ttl}.
 *
 * <p>A token found valid is reused from memory for up to {@link #CACHE} (never past its own
 * expiry): an app polling every 250 ms would otherwise read its token on every poll. Only while
 * this node hears every node's changes ({@link ChangeSignals#listening()}); a token is only ever
 * erased by retention, which signals it, and then every node forgets them all. An unknown token is
 * read every time, so that random tokens cannot fill memory.
 */
@Component
public class ApplicantTokens {
  /** A valid token is reused from memory at most this long. */
  static final Duration CACHE = Duration.ofSeconds(60);

  private static final int CACHE_MAX = 100_000;

  private record Cached(ApplicantToken token, Instant readAt) {}

  private final ApplicationRepository applications;
  private final Clock clock;
  private final Duration ttl;
  private final ChangeSignals changes;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  // a token read while an erasure commits is not cached: the read may predate it
  private final AtomicLong generation = new AtomicLong();

  ApplicantTokens(
      ApplicationRepository applications,
      Clock clock,
      ApplicationProperties properties,
      ChangeSignals changes) {
    this.applications = applications;
    this.clock = clock;
    this.ttl = properties.guests().applicantTokenTtl();
    this.changes = changes;
    changes.onEveryChange(
        key -> {
          if (key == null || ApplicationRepository.TOKENS_ERASED.equals(key)) {
            generation.incrementAndGet();
            cache.clear();
          }
        });
  }

  /** A new applicant token for an application (stored hashed: shown this once). */
  public String issue(String applicationId, Instant now) {
    String token = Ids.newToken();
    applications.insertApplicantToken(Tokens.hash(token), applicationId, now, now.plus(ttl));
    return token;
  }

  /** The guest an applicant token stands for: the application it was issued for, while valid. */
  public Optional<Caller.Guest> guest(String applicantToken) {
    return live(Tokens.hash(applicantToken))
        .map(t -> new Caller.Guest(t.applicationId(), t.personKey()));
  }

  /**
   * Whether the token with this hash stands for {@code applicationId} and is known from memory:
   * resolving it costs no read.
   */
  boolean knownFor(String tokenHash, String applicationId) {
    return fromMemory(tokenHash, clock.instant())
        .map(t -> t.applicationId().equals(applicationId))
        .orElse(false);
  }

  private Optional<ApplicantToken> live(String hash) {
    Instant now = clock.instant();
    Optional<ApplicantToken> cached = fromMemory(hash, now);
    if (cached.isPresent()) {
      return cached;
    }
    long before = generation.get();
    boolean listening = changes.listening();
    Optional<ApplicantToken> read = applications.findLiveApplicantToken(hash, now);
    if (read.isPresent() && listening && changes.listening() && generation.get() == before) {
      if (cache.size() >= CACHE_MAX) {
        cache.values().removeIf(c -> !now.isBefore(c.readAt().plus(CACHE)));
      }
      if (cache.size() < CACHE_MAX) {
        cache.put(hash, new Cached(read.get(), now));
      }
    }
    return read;
  }

  private Optional<ApplicantToken> fromMemory(String hash, Instant now) {
    Cached c = changes.listening() ? cache.get(hash) : null;
    if (c == null) {
      return Optional.empty();
    }
    if (now.isBefore(c.readAt())
        || !now.isBefore(c.readAt().plus(CACHE))
        || !now.isBefore(c.token().expiresAt())) {
      cache.remove(hash, c);
      return Optional.empty();
    }
    return Optional.of(c.token());
  }
}
