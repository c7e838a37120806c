package cn.railway.tempid.shared.ratelimit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Temporary blocks of the {@link RateLimiter} ({@code rate_limit_block}): a subject refused under a
 * name until a time, in the shared database so every node applies them alike. A block is only ever
 * lengthened, each change in a short transaction of its own. Subjects are stored as the rate
 * limiter's keyed pseudonyms; blocks that are over are deleted by {@link RateLimiter#cleanUp}.
 */
final class RateLimitBlocks {
  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate own;
  private final UnaryOperator<String> pseudonym;

  /**
   * @param own short transactions of their own
   * @param pseudonym a subject's stored pseudonym
   */
  RateLimitBlocks(
      JdbcClient jdbc, Clock clock, TransactionTemplate own, UnaryOperator<String> pseudonym) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.own = own;
    this.pseudonym = pseudonym;
  }

  /** Refuses {@code subject} under {@code name} for {@code duration} (never shortens a block). */
  void block(String name, String subject, Duration duration) {
    String hash = pseudonym.apply(subject);
    Timestamp until = Timestamp.from(clock.instant().plus(duration));
    if (extendBlock(name, hash, until) > 0) {
      return;
    }
    try {
      own.executeWithoutResult(
          tx ->
              jdbc.sql(
                      """
          insert into rate_limit_block (limit_name, subject_hash, blocked_until)
          values (?, ?, ?)""")
                  .params(name, hash, until)
                  .update());
    } catch (DuplicateKeyException anotherRequestFirst) {
      extendBlock(name, hash, until);
    }
  }

  /** How long {@code subject} is still blocked under {@code name}; empty when it is not. */
  Optional<Duration> blockedFor(String name, String subject) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
        select blocked_until from rate_limit_block
        where limit_name = ? and subject_hash = ? and blocked_until > ?""")
        .params(name, pseudonym.apply(subject), Timestamp.from(now))
        .query(Timestamp.class)
        .optional()
        .map(until -> Duration.between(now, until.toInstant()));
  }

  /**
   * The longest of several blocks still running ({@code name → subject}); empty when none is. One
   * query for all of them: a login checks its user name, its address and the pair of both.
   */
  Optional<Duration> longestBlock(List<Map.Entry<String, String>> blocks) {
    if (blocks.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    List<Object> params = new ArrayList<>();
    params.add(Timestamp.from(now));
    StringJoiner any = new StringJoiner(" or ", "(", ")");
    for (Map.Entry<String, String> block : blocks) {
      any.add("(limit_name = ? and subject_hash = ?)");
      params.add(block.getKey());
      params.add(pseudonym.apply(block.getValue()));
    }
    return jdbc
        .sql("select max(blocked_until) from rate_limit_block where blocked_until > ? and " + any)
        .params(params)
        .query(Timestamp.class)
        .list()
        .stream()
        .filter(Objects::nonNull) // max() of no rows is one null
        .findFirst()
        .map(until -> Duration.between(now, until.toInstant()));
  }

  private int extendBlock(String name, String hash, Timestamp until) {
    Integer updated =
        own.execute(
            tx ->
                jdbc.sql(
                        """
        update rate_limit_block set blocked_until = ?
        where limit_name = ? and subject_hash = ? and blocked_until < ?""")
                    .params(until, name, hash, until)
                    .update());
    return updated == null ? 0 : updated;
  }
}
