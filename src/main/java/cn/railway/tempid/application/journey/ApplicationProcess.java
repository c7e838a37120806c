package cn.railway.tempid.application.journey;

/**
 * The application journey as a running process (BPMN {@code temporary-id-application}). The only
 * way the domain talks to the process engine; the Camunda adapter lives in {@code
 * application.process}.
 */
public interface ApplicationProcess {

  /** Starts the journey; the pre-checks and the first liveness session run before it returns. */
  void start(String applicationId);

  /** The liveness provider finished a capture; false when the process was not waiting for it. */
  boolean livenessCaptureCompleted(String applicationId);

  /** The applicant asks for another liveness attempt; false when the process was not waiting. */
  boolean retryRequested(String applicationId);
}
