package cn.railway.tempid.application.internal;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.shared.observability.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code tempid.applications.outcomes{status, reason}} once the end is committed (a retried job
 * counts once). Status and reason code only: nothing about the applicant. Counted by submission (a
 * refusal before processing) and by the journey's steps (every other end).
 *
 * <p>{@code tempid.applications.submitted}: applications whose journey started, once committed.
 * With the issued outcome it tells an operator that issuance stopped while applications arrive;
 * both are exported from the start (at 0), so that alert has series to compare before the first
 * application.
 */
@Component
public class OutcomeMetrics {
  private final MeterRegistry meters;
  private final Counter submitted;

  OutcomeMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.submitted =
        Counter.builder("tempid.applications.submitted")
            .description("Applications accepted for processing (their journey started)")
            .register(meters);
    counter(ApplicationStatus.ISSUED, "NONE"); // exported at 0 before the first issue
  }

  /** An application's journey started (counted once its transaction commits). */
  public void submitted() {
    AfterCommit.run(submitted::increment);
  }

  public void count(ApplicationStatus status, String reason) {
    AfterCommit.run(counter(status, reason)::increment);
  }

  private Counter counter(ApplicationStatus status, String reason) {
    return Counter.builder("tempid.applications.outcomes")
        .description("Applications ended, by final status and reason code")
        .tag("status", status.name())
        .tag("reason", reason)
        .register(meters);
  }
}
