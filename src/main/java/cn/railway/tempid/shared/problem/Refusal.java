package cn.railway.tempid.shared.problem;

/**
 * The one vocabulary of refusals: every reason an application can end without a certificate. The
 * same names are the refusal outputs of the DMN tables ({@code eligibility.reasonCode}, {@code
 * quota.outcome}, {@code approval.reasonCode} of a REJECT row), the {@code errorCode}s of the BPMN
 * errors of the pre-checks, the reasons the BPMN end events pass to {@code
 * applicationOutcomes.failed} (or {@code rejected}), the {@code reason_code} column, and each maps
 * to the {@link ProblemCode} (with its Chinese and English message) the passenger sees. {@code
 * RefusalVocabularyTest} proves that the models and this enum agree.
 *
 * <p>Adding a refusal: a constant here (with its problem code), then the DMN row or BPMN error that
 * returns it.
 */
public enum Refusal {
  // pre-checks (R1, R3–R5, R8, R17): BPMN errors, answered 422 to the submitter
  LOCATION_REQUIRED(Stage.PRE_CHECK, ProblemCode.LOCATION_REQUIRED),
  OUTSIDE_SERVICE_AREA(Stage.PRE_CHECK, ProblemCode.OUTSIDE_SERVICE_AREA),
  ID_TYPE_NOT_SUPPORTED(Stage.PRE_CHECK, ProblemCode.ID_TYPE_NOT_SUPPORTED),
  GUARDIAN_REQUIRED(Stage.PRE_CHECK, ProblemCode.GUARDIAN_REQUIRED),
  QUOTA_EXCEEDED(Stage.PRE_CHECK, ProblemCode.QUOTA_EXCEEDED),
  ACTIVE_CERTIFICATE_EXISTS(Stage.PRE_CHECK, ProblemCode.ACTIVE_CERTIFICATE_EXISTS),

  // the approval table rejects (R7)
  REGISTRY_NOT_FOUND(Stage.APPROVAL, ProblemCode.REGISTRY_NOT_FOUND),
  IDENTITY_NOT_VERIFIED(Stage.APPROVAL, ProblemCode.IDENTITY_NOT_VERIFIED),
  REGISTRY_FLAGGED(Stage.APPROVAL, ProblemCode.REGISTRY_FLAGGED),
  LIVENESS_SCORE_LOW(Stage.APPROVAL, ProblemCode.LIVENESS_SCORE_LOW),
  FACE_MISMATCH(Stage.APPROVAL, ProblemCode.FACE_MISMATCH),

  // the journey ends without a certificate (R6, R15, PIPL art. 31)
  LIVENESS_FAILED(Stage.JOURNEY, ProblemCode.LIVENESS_FAILED),
  LIVENESS_TIMEOUT(Stage.JOURNEY, ProblemCode.LIVENESS_TIMEOUT),
  GUARDIAN_LIVENESS_FAILED(Stage.JOURNEY, ProblemCode.GUARDIAN_LIVENESS_FAILED),
  GUARDIAN_LIVENESS_TIMEOUT(Stage.JOURNEY, ProblemCode.GUARDIAN_LIVENESS_TIMEOUT),
  GUARDIAN_NOT_VERIFIED(Stage.JOURNEY, ProblemCode.GUARDIAN_NOT_VERIFIED),
  REVIEW_REJECTED(Stage.JOURNEY, ProblemCode.REVIEW_REJECTED),
  PROCESSING_TIMEOUT(Stage.JOURNEY, ProblemCode.PROCESSING_TIMEOUT),
  CANCELLED_BY_OPERATOR(Stage.JOURNEY, ProblemCode.CANCELLED_BY_OPERATOR);

  /** Where in the journey a refusal is decided. */
  public enum Stage {
    /** Before the face check, in the submitting request: a BPMN error of the pre-checks. */
    PRE_CHECK,
    /** A REJECT row of the approval table. */
    APPROVAL,
    /** An end event of the journey. */
    JOURNEY
  }

  private final Stage stage;
  private final ProblemCode problem;

  Refusal(Stage stage, ProblemCode problem) {
    this.stage = stage;
    this.problem = problem;
  }

  public Stage stage() {
    return stage;
  }

  /** The problem code the passenger sees, with both messages. */
  public ProblemCode problem() {
    return problem;
  }

  /**
   * The refusal a rule table or process model named.
   *
   * @throws IllegalArgumentException for a name outside the vocabulary (a model that disagrees with
   *     this enum: a technical fault, which the vocabulary test catches before it ships)
   */
  public static Refusal of(String code) {
    return valueOf(code);
  }
}
