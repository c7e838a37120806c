package cn.railway.tempid.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.camunda.bpm.engine.ManagementService;
import org.springframework.stereotype.Component;

/**
 * The engine's job backlog, counted by two cheap queries and cached for a few seconds so that
 * scrapes and health checks do not add load: {@code tempid.jobs.executable} (due, retries left:
 * what the job executor still has to do) and {@code tempid.jobs.failed} (no retries left: each is
 * an incident in Cockpit).
 */
@Component
class JobBacklog implements MeterBinder {
  static final Duration CACHE_FOR = Duration.ofSeconds(5);

  record Counts(long executable, long failed) {}

  private final ManagementService management;
  private volatile Counts counts;
  private volatile long countedAtNanos;

  JobBacklog(ManagementService management) {
    this.management = management;
  }

  Counts counts() {
    Counts current = counts;
    if (current != null && System.nanoTime() - countedAtNanos < CACHE_FOR.toNanos()) {
      return current;
    }
    synchronized (this) {
      if (counts == null || System.nanoTime() - countedAtNanos >= CACHE_FOR.toNanos()) {
        counts =
            new Counts(
                management.createJobQuery().executable().count(),
                management.createJobQuery().noRetriesLeft().count());
        countedAtNanos = System.nanoTime();
      }
      return counts;
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tempid.jobs.executable", this, b -> b.counts().executable())
        .description("Engine jobs due with retries left (job executor backlog)")
        .register(registry);
    Gauge.builder("tempid.jobs.failed", this, b -> b.counts().failed())
        .description("Engine jobs with no retries left (incidents in Cockpit)")
        .register(registry);
  }
}
