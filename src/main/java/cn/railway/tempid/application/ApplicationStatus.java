package cn.railway.tempid.application;

/** Where an application stands, as passengers see it. */
public enum ApplicationStatus {
  /** Only inside the submitting transaction, before the pre-checks ran. */
  SUBMITTED,
  AWAITING_LIVENESS,
  UNDER_REVIEW,
  ISSUED,
  /**
   * Refused by a pre-check (answered 422 at submission), or after the face checks because a child's
   * guardian is not verified in the population registry (GUARDIAN_NOT_VERIFIED).
   */
  REJECTED,
  /** Ended without a certificate after liveness: liveness failed 3 times, registry or review. */
  FAILED,
  /** The applicant did not finish liveness in time. */
  ABANDONED;

  public boolean inFlight() {
    return this == SUBMITTED || this == AWAITING_LIVENESS || this == UNDER_REVIEW;
  }
}
