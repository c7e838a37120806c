package cn.railway.tempid.application.process;

/**
 * Every process variable of {@code temporary-id-application}. Only references and small decision
 * outputs; never names, ID numbers, scores, flags or locations.
 */
final class ApplicationVariables {
  static final String PROCESS_KEY = "temporary-id-application";
  static final String MESSAGE_LIVENESS_COMPLETED = "LivenessCompleted";
  static final String MESSAGE_RETRY_REQUESTED = "LivenessRetryRequested";
  static final String MESSAGE_GUARDIAN_LIVENESS_COMPLETED = "GuardianLivenessCompleted";

  static final String APPLICATION_ID = "applicationId";
  static final String REFUSAL_CODE = "refusalCode";
  static final String LIVENESS_OUTCOME = "livenessOutcome";
  static final String LIVENESS_ATTEMPTS_LEFT = "livenessAttemptsLeft";
  static final String APPROVAL_DECISION = "approvalDecision";
  static final String APPROVAL_REASON_CODE = "approvalReasonCode";
  static final String REVIEW_DUE_DATE = "reviewDueDate";
  static final String REVIEW_DECISION = "reviewDecision";
  // a child's application (PIPL art. 31): whether a guardian's face check is needed, its state
  static final String GUARDIAN_REQUIRED = "guardianRequired";
  static final String GUARDIAN_LIVENESS_OUTCOME = "guardianLivenessOutcome";
  static final String GUARDIAN_LIVENESS_DUE_AT = "guardianLivenessDueAt";

  private ApplicationVariables() {}
}
