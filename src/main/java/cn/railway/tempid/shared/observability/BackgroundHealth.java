package cn.railway.tempid.shared.observability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A health indicator whose check runs on a thread of its own, every {@code interval}; {@link
 * #health()} answers the last result at once, so a health request never waits for the database (nor
 * holds a request thread or a pool connection while it is away). The answer is {@code DOWN} when
 * the running check has taken longer than {@code timeout}, or when no check finished recently.
 * Timing is technical (a monotonic clock), not a business rule.
 */
public final class BackgroundHealth implements HealthIndicator, AutoCloseable {
  private final HealthIndicator check;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final ScheduledExecutorService thread;
  private final CountDownLatch first = new CountDownLatch(1);
  private volatile Health last;
  private volatile long lastAt;
  private volatile long runningSince;

  public BackgroundHealth(String name, HealthIndicator check, Duration interval, Duration timeout) {
    this.check = check;
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "health-" + name);
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(this::refresh, 0, intervalNanos, TimeUnit.NANOSECONDS);
  }

  private void refresh() {
    runningSince = System.nanoTime();
    Health result;
    try {
      result = check.health();
    } catch (RuntimeException e) {
      result = Health.down().withDetail("error", e.getClass().getName()).build();
    }
    last = result;
    lastAt = System.nanoTime();
    runningSince = 0;
    first.countDown();
  }

  @Override
  public Health health() {
    try {
      // only right after start: the first check has not finished yet
      first.await(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long now = System.nanoTime();
    long running = runningSince;
    Health result = last;
    if (running != 0 && now - running > timeoutNanos) {
      return Health.down()
          .withDetail("error", "no answer within " + Duration.ofNanos(timeoutNanos))
          .build();
    }
    if (result == null || now - lastAt > intervalNanos + 2 * timeoutNanos) {
      return Health.down().withDetail("error", "not checked recently").build();
    }
    return result;
  }

  @Override
  public void close() throws Exception {
    thread.shutdownNow();
    if (check instanceof AutoCloseable closeable) {
      thread.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
      closeable.close();
    }
  }
}
