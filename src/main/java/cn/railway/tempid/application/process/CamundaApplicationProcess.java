package cn.railway.tempid.application.process;

import cn.railway.tempid.application.journey.ApplicationProcess;
import cn.railway.tempid.liveness.LivenessCaptureCompleted;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.shared.process.ApplicationJourney;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The one class of the application feature that talks to Camunda's runtime. */
@Component
class CamundaApplicationProcess implements ApplicationProcess {
  private final RuntimeService runtime;

  CamundaApplicationProcess(RuntimeService runtime) {
    this.runtime = runtime;
  }

  @Override
  public void start(String applicationId) {
    runtime.startProcessInstanceByKey(
        ApplicationJourney.PROCESS_KEY,
        applicationId,
        Map.of(ApplicationJourney.APPLICATION_ID, applicationId));
  }

  @Override
  public boolean livenessCaptureCompleted(String applicationId) {
    return correlate(ApplicationJourney.MESSAGE_LIVENESS_COMPLETED, applicationId);
  }

  @Override
  public boolean retryRequested(String applicationId) {
    return correlate(ApplicationJourney.MESSAGE_RETRY_REQUESTED, applicationId);
  }

  @EventListener
  void onCaptureCompleted(LivenessCaptureCompleted event) {
    if (event.purpose() == LivenessSession.Purpose.APPLICATION) {
      livenessCaptureCompleted(event.applicationId());
    } else if (event.purpose() == LivenessSession.Purpose.GUARDIAN) {
      // the verdict is already recorded; the journey checks it if it waits for it
      correlate(ApplicationJourney.MESSAGE_GUARDIAN_LIVENESS_COMPLETED, event.applicationId());
    }
  }

  private boolean correlate(String message, String applicationId) {
    // Check first: a failed correlation marks the surrounding Spring transaction rollback-only
    // even when the exception is caught, so e.g. a repeated provider callback answered 500.
    if (runtime
            .createExecutionQuery()
            .processInstanceBusinessKey(applicationId)
            .messageEventSubscriptionName(message)
            .count()
        == 0) {
      return false;
    }
    try {
      runtime
          .createMessageCorrelation(message)
          .processInstanceBusinessKey(applicationId)
          .correlateWithResult();
      return true;
    } catch (MismatchingMessageCorrelationException notWaiting) {
      // a repeated callback, or a request at the wrong moment: nothing to do
      return false;
    }
  }
}
