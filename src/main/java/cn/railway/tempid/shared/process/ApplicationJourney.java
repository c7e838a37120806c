package cn.railway.tempid.shared.process;

/**
 * Every name of the BPMN process {@code processes/temporary-id-application.bpmn} that Java code
 * uses: the process key, its messages, its user task and its variables. The one place to look them
 * up; {@code ProcessModelLintTest} proves the model still declares them.
 *
 * <p>Variables are only references and small decision outputs; never names, ID numbers, scores,
 * flags about a person or locations.
 */
public final class ApplicationJourney {
  public static final String PROCESS_KEY = "temporary-id-application";

  // messages the journey waits for
  public static final String MESSAGE_LIVENESS_COMPLETED = "LivenessCompleted";
  public static final String MESSAGE_RETRY_REQUESTED = "LivenessRetryRequested";
  public static final String MESSAGE_GUARDIAN_LIVENESS_COMPLETED = "GuardianLivenessCompleted";

  // the manual review (Tasklist) and the groups it is offered to
  public static final String TASK_REVIEW_APPLICATION = "UserTask_ReviewApplication";
  public static final String GROUP_REVIEWERS = "reviewers";
  public static final String GROUP_SUPERVISORS = "supervisors";

  // process variables
  public static final String APPLICATION_ID = "applicationId";
  public static final String REFUSAL_CODE = "refusalCode";
  public static final String LIVENESS_OUTCOME = "livenessOutcome";
  public static final String LIVENESS_ATTEMPTS_LEFT = "livenessAttemptsLeft";
  public static final String APPROVAL_DECISION = "approvalDecision";
  public static final String APPROVAL_REASON_CODE = "approvalReasonCode";
  public static final String REVIEW_DUE_DATE = "reviewDueDate";
  public static final String REVIEW_DECISION = "reviewDecision";

  /** A rejecting reviewer's reason: a refusal code (no personal data). */
  public static final String REVIEW_REASON_CODE = "reviewReasonCode";

  /**
   * The reviewer's note, accepted only as a transient variable of the completion: it is stored
   * encrypted with the decision, never in the engine's tables.
   */
  public static final String REVIEW_NOTE = "reviewNote";

  // a child's application (PIPL art. 31): whether a guardian's face check is needed, its state
  public static final String GUARDIAN_REQUIRED = "guardianRequired";
  public static final String GUARDIAN_LIVENESS_OUTCOME = "guardianLivenessOutcome";
  public static final String GUARDIAN_LIVENESS_DUE_AT = "guardianLivenessDueAt";

  /** VERIFIED or NOT_VERIFIED: the guardian in the population registry (no answer, no flags). */
  public static final String GUARDIAN_REGISTRY_OUTCOME = "guardianRegistryOutcome";

  private ApplicationJourney() {}
}
