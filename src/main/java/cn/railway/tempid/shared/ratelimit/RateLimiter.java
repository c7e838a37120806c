package cn.railway.tempid.shared.ratelimit;

import cn.railway.tempid.shared.persistence.Databases;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fixed-window counters and temporary blocks kept in the shared database, so every node sees the
 * same counts (nothing in memory matters for correctness). Windows start at multiples of the window
 * length on the one {@link Clock}, so moving the clock on opens a new window.
 *
 * <p>Each hit is counted in its own short transaction ({@code update … set hits = hits + 1}, or a
 * first insert that, when another request inserted the row first, falls back to the update), so a
 * busy counter (many passengers behind one address) is never held locked for the length of a
 * request. On PostgreSQL the hit is one statement ({@code insert … on conflict do update …
 * returning hits}): one round trip and one commit instead of two of each for a new subject. A
 * subject that is never busy and already serialised by its caller (a person's submissions, under
 * the person's lock) is counted in the caller's transaction instead ({@link
 * #acquireInCallerTransaction}): no commit of its own. Subjects are stored only as keyed pseudonyms
 * ({@link PersonKeys#pseudonym}). Temporary blocks are {@link RateLimitBlocks}.
 */
@Component
public class RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  private static final String DOMAIN = "rate-limit";
  private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

  /** A limit: at most {@code max} hits per subject in each {@code window}. */
  public record Limit(String name, int max, Duration window) {
    public Limit {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 40) {
        throw new IllegalArgumentException("limit name must have 1 to 40 characters");
      }
      if (max < 1) {
        throw new IllegalArgumentException("limit " + name + ": max must be at least 1");
      }
      if (window == null || window.toSeconds() < 1) {
        throw new IllegalArgumentException("limit " + name + ": window must be at least 1 s");
      }
    }
  }

  /** The count after a hit, whether it was within the limit, and when the window ends. */
  public record Outcome(boolean allowed, int hits, Duration retryAfter) {}

  private final JdbcClient jdbc;
  private final PersonKeys pseudonyms;
  private final Clock clock;
  private final TransactionTemplate own;
  private final AtomicLong nextCleanup = new AtomicLong(Long.MIN_VALUE);
  private final boolean postgres;
  private final RateLimitBlocks blocks;

  RateLimiter(
      JdbcClient jdbc,
      PersonKeys pseudonyms,
      Clock clock,
      PlatformTransactionManager transactions,
      DataSource dataSource) {
    this.postgres = Databases.isPostgres(dataSource);
    this.jdbc = jdbc;
    this.pseudonyms = pseudonyms;
    this.clock = clock;
    this.own = new TransactionTemplate(transactions);
    this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.own.setTimeout(10);
    this.blocks = new RateLimitBlocks(jdbc, clock, own, this::hash);
  }

  /** Counts a hit; throws 429 {@code RATE_LIMITED} with the time to wait when over the limit. */
  public void acquire(Limit limit, String subject) {
    Outcome outcome = hit(limit, subject);
    if (!outcome.allowed()) {
      throw ApiException.rateLimited(outcome.retryAfter());
    }
  }

  /** Counts a hit of {@code subject} against {@code limit} in the current window. */
  public Outcome hit(Limit limit, String subject) {
    return count(limit, subject, true);
  }

  /**
   * Counts a hit in the caller's transaction, with 429 {@code RATE_LIMITED} when over the limit:
   * for a subject that is not busy and whose row the caller's transaction may hold (a person, under
   * the person's lock), so that the hit commits with the work it limits, one commit instead of two.
   * The count stands only if the caller's transaction commits; a refused hit rolls the caller's
   * work back with it.
   */
  public void acquireInCallerTransaction(Limit limit, String subject) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("no transaction to count " + limit.name() + " in");
    }
    Outcome outcome = count(limit, subject, false);
    if (!outcome.allowed()) {
      throw ApiException.rateLimited(outcome.retryAfter());
    }
  }

  private Outcome count(Limit limit, String subject, boolean ownTransaction) {
    Instant now = clock.instant();
    cleanUpNowAndThen(now);
    long windowSeconds = limit.window().toSeconds();
    long windowStart = Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds;
    Instant windowEnd = Instant.ofEpochSecond(windowStart + windowSeconds);
    String hash = hash(subject);
    Duration retryAfter = Duration.between(now, windowEnd);

    if (postgres) {
      Supplier<Integer> upsert =
          () ->
              jdbc.sql(
                      """
              insert into rate_limit_window (limit_name, subject_hash, window_start, hits, expires_at)
              values (?, ?, ?, 1, ?)
              on conflict (limit_name, subject_hash, window_start)
              do update set hits = rate_limit_window.hits + 1
              returning hits""")
                  .params(limit.name(), hash, windowStart, Timestamp.from(windowEnd))
                  .query(Integer.class)
                  .single();
      Integer counted = run(ownTransaction, upsert);
      return new Outcome(counted <= limit.max(), counted, retryAfter);
    }
    Supplier<Integer> increment = () -> increment(limit.name(), hash, windowStart);
    Integer hits = run(ownTransaction, increment);
    if (hits == null) {
      Supplier<Integer> insert =
          () ->
              jdbc.sql(
                      """
              insert into rate_limit_window (limit_name, subject_hash, window_start, hits, expires_at)
              values (?, ?, ?, 1, ?)""")
                  .params(limit.name(), hash, windowStart, Timestamp.from(windowEnd))
                  .update();
      try {
        run(ownTransaction, insert);
        hits = 1;
      } catch (DuplicateKeyException anotherRequestFirst) {
        hits = run(ownTransaction, increment);
        if (hits == null) { // removed in between by a clean-up of a window just over: count anew
          return count(limit, subject, ownTransaction);
        }
      }
    }
    return new Outcome(hits <= limit.max(), hits, retryAfter);
  }

  /** {@code work} in a short transaction of its own, or in the caller's. */
  private <X> X run(boolean ownTransaction, Supplier<X> work) {
    return ownTransaction ? own.execute(tx -> work.get()) : work.get();
  }

  /** The hits counted so far in the current window (0 when none). */
  public int hits(Limit limit, String subject) {
    return peek(limit, subject).hits();
  }

  /**
   * The count of the current window without counting a hit: {@code allowed} while one more hit
   * would still be within the limit, and when the window ends. One read, nothing written.
   */
  public Outcome peek(Limit limit, String subject) {
    Instant now = clock.instant();
    long windowSeconds = limit.window().toSeconds();
    long windowStart = Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds;
    int hits =
        jdbc.sql(
                """
        select hits from rate_limit_window
        where limit_name = ? and subject_hash = ? and window_start = ?""")
            .params(limit.name(), hash(subject), windowStart)
            .query(Integer.class)
            .optional()
            .orElse(0);
    return new Outcome(
        hits < limit.max(),
        hits,
        Duration.between(now, Instant.ofEpochSecond(windowStart + windowSeconds)));
  }

  /** Forgets every window of {@code subject} for this limit (e.g. failures after a success). */
  public void reset(Limit limit, String subject) {
    String hash = hash(subject);
    own.executeWithoutResult(
        tx ->
            jdbc.sql("delete from rate_limit_window where limit_name = ? and subject_hash = ?")
                .params(limit.name(), hash)
                .update());
  }

  /** Refuses {@code subject} under {@code name} for {@code duration} (never shortens a block). */
  public void block(String name, String subject, Duration duration) {
    blocks.block(name, subject, duration);
  }

  /** How long {@code subject} is still blocked under {@code name}; empty when it is not. */
  public Optional<Duration> blockedFor(String name, String subject) {
    return blocks.blockedFor(name, subject);
  }

  /**
   * The longest of several blocks still running ({@code name → subject}); empty when none is. One
   * query for all of them: a login checks its user name, its address and the pair of both.
   */
  public Optional<Duration> longestBlock(List<Map.Entry<String, String>> blocks) {
    return this.blocks.longestBlock(blocks);
  }

  /** Deletes windows and blocks that are over; run now and then by {@link #hit}. */
  public void cleanUp() {
    Timestamp now = Timestamp.from(clock.instant());
    own.executeWithoutResult(
        tx -> {
          jdbc.sql("delete from rate_limit_window where expires_at <= ?").param(now).update();
          jdbc.sql("delete from rate_limit_block where blocked_until <= ?").param(now).update();
        });
  }

  private Integer increment(String name, String hash, long windowStart) {
    int updated =
        jdbc.sql(
                """
        update rate_limit_window set hits = hits + 1
        where limit_name = ? and subject_hash = ? and window_start = ?""")
            .params(name, hash, windowStart)
            .update();
    if (updated == 0) {
      return null;
    }
    // the row stays locked by this transaction: the count read is exactly ours
    return jdbc.sql(
            """
        select hits from rate_limit_window
        where limit_name = ? and subject_hash = ? and window_start = ?""")
        .params(name, hash, windowStart)
        .query(Integer.class)
        .single();
  }

  /** A cheap delete of what is over, at most every few minutes per node (clock time). */
  private void cleanUpNowAndThen(Instant now) {
    long due = nextCleanup.get();
    long nowMillis = now.toEpochMilli();
    if (nowMillis < due
        || !nextCleanup.compareAndSet(due, nowMillis + CLEANUP_INTERVAL.toMillis())) {
      return;
    }
    try {
      cleanUp();
    } catch (DataAccessException e) {
      log.warn("Rate limit clean-up failed: {}", e.getClass().getName());
    }
  }

  private String hash(String subject) {
    return pseudonyms.pseudonym(DOMAIN, Objects.requireNonNull(subject, "subject"));
  }
}
