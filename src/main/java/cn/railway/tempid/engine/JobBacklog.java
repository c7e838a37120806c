package cn.railway.tempid.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * The engine's job backlog, counted by three cheap queries and cached for a few seconds so that
 * scrapes and health checks do not add load: {@code tempid.jobs.executable} (due, retries left:
 * what the job executor still has to do), {@code tempid.jobs.failed} (no retries left) and {@code
 * tempid.incidents.open} (what Cockpit lists as incidents: failed jobs and anything else the engine
 * raised an incident for; an operator resolves each one).
 */
@Component
class JobBacklog implements MeterBinder {
  static final Duration CACHE_FOR = Duration.ofSeconds(5);

  record Counts(long executable, long failed, long incidents) {}

  private final ManagementService management;
  private final RuntimeService runtime;
  private volatile Counts counts;
  private volatile long countedAtNanos;

  JobBacklog(ManagementService management, RuntimeService runtime) {
    this.management = management;
    this.runtime = runtime;
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
                management.createJobQuery().noRetriesLeft().count(),
                runtime.createIncidentQuery().count());
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
    Gauge.builder("tempid.incidents.open", this, b -> b.counts().incidents())
        .description("Open engine incidents (Cockpit), to be resolved by an operator")
        .register(registry);
  }
}
