package cn.railway.tempid.review.process;

import cn.railway.tempid.shared.process.ApplicationJourney;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The manual review backlog as an operator acts on it: {@code tempid.reviews.open} (open {@code
 * UserTask_ReviewApplication} tasks), {@code tempid.reviews.overdue} (past their due date, the
 * process's {@code reviewDueDate}: the review SLA is broken) and {@code tempid.reviews.oldest.age}
 * (seconds since the oldest open one was created, 0 when there is none).
 *
 * <p>One query over the engine's task table answers all three, at most once per {@link #CACHE_FOR}
 * whatever the number of scrapes and gauges (sooner when the service clock jumps, as the demo clock
 * does). Overdue is judged by the service's clock (the one the engine and the demo clock use), not
 * the database's.
 */
@Component
class ReviewBacklog implements MeterBinder {
  static final Duration CACHE_FOR = Duration.ofSeconds(5);

  record Counts(long open, long overdue, long oldestAgeSeconds, Instant readAt) {}

  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Counts counts;
  private volatile long countedAtNanos;

  ReviewBacklog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Counts counts() {
    Counts current = counts;
    if (fresh(current)) {
      return current;
    }
    synchronized (this) {
      if (!fresh(counts)) {
        counts = read();
        countedAtNanos = System.nanoTime();
      }
      return counts;
    }
  }

  /** Read less than {@link #CACHE_FOR} ago, and the service clock has not jumped since. */
  private boolean fresh(Counts read) {
    if (read == null || System.nanoTime() - countedAtNanos >= CACHE_FOR.toNanos()) {
      return false;
    }
    Instant now = clock.instant();
    return !now.isBefore(read.readAt()) && now.isBefore(read.readAt().plus(CACHE_FOR));
  }

  private Counts read() {
    Instant now = clock.instant();
    return jdbc.sql(
            """
            select count(*) as open_count,
              coalesce(sum(case when DUE_DATE_ < ? then 1 else 0 end), 0) as overdue_count,
              min(CREATE_TIME_) as oldest
            from ACT_RU_TASK
            where TASK_DEF_KEY_ = ? and SUSPENSION_STATE_ = 1""")
        .params(Timestamp.from(now), ApplicationJourney.TASK_REVIEW_APPLICATION)
        .query(
            (rs, row) -> {
              Timestamp oldest = rs.getTimestamp("oldest");
              long age =
                  oldest == null
                      ? 0
                      : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds());
              return new Counts(rs.getLong("open_count"), rs.getLong("overdue_count"), age, now);
            })
        .single();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tempid.reviews.open", this, b -> b.counts().open())
        .description("Open manual reviews (Tasklist: UserTask_ReviewApplication)")
        .register(registry);
    Gauge.builder("tempid.reviews.overdue", this, b -> b.counts().overdue())
        .description("Open manual reviews past their due date (review SLA broken)")
        .register(registry);
    Gauge.builder("tempid.reviews.oldest.age", this, b -> b.counts().oldestAgeSeconds())
        .description("Age of the oldest open manual review (0 when none is open)")
        .baseUnit("seconds")
        .register(registry);
  }
}
