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
 */
@Component
public class OutcomeMetrics {
  private final MeterRegistry meters;

  OutcomeMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  public void count(ApplicationStatus status, String reason) {
    Counter counter =
        Counter.builder("tempid.applications.outcomes")
            .description("Applications ended, by final status and reason code")
            .tag("status", status.name())
            .tag("reason", reason)
            .register(meters);
    AfterCommit.run(counter::increment);
  }
}
