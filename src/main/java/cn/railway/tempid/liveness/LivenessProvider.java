package cn.railway.tempid.liveness;

import java.math.BigDecimal;

/**
 * Port to the face liveness provider. The flow is: start a session → the app captures the face with
 * the provider's SDK → the provider calls back → we fetch the result by session id. A client's own
 * claim that it passed is never trusted.
 */
public interface LivenessProvider {

  /** Opens a capture session; its id is what the app hands to the provider's SDK. */
  String startSession();

  /** The provider's verdict for a session; PENDING while the capture is not finished. */
  Result fetchResult(String providerSessionId);

  enum Verdict {
    PENDING,
    PASSED,
    FAILED
  }

  /**
   * The provider's own comparison of the live face with the authoritative ID photo, where it makes
   * one (the vendors' "比对结果"): {@code MISMATCH} refuses the check whatever the score says.
   */
  enum Comparison {
    MATCH,
    MISMATCH,
    NOT_COMPARED
  }

  /**
   * The provider's answer. Scores are 0..1 (null when the provider gives none): liveness is how
   * sure the provider is that a live person was in front of the camera; face match compares the
   * captured face with the authoritative ID photo. Whether the check passes is not the provider's
   * call: the {@code identity-assurance} table decides from all of this (PASSED with a low
   * face-match score is a mismatch).
   */
  record Result(
      Verdict verdict,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      Comparison authorityComparison) {
    public Result {
      authorityComparison =
          authorityComparison == null ? Comparison.NOT_COMPARED : authorityComparison;
    }

    /** A result without the provider's own comparison ({@link Comparison#NOT_COMPARED}). */
    public Result(Verdict verdict, BigDecimal livenessScore, BigDecimal faceMatchScore) {
      this(verdict, livenessScore, faceMatchScore, Comparison.NOT_COMPARED);
    }
  }

  /** The provider could not be reached or answered an error: a technical failure, retried. */
  class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message) {
      super(message);
    }
  }
}
