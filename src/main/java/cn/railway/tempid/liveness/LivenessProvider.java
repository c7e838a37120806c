package cn.railway.tempid.liveness;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Port to the face liveness provider. The flow is: start a session → the app captures the face with
 * the provider's SDK → the provider calls back → we fetch the result by session id. A client's own
 * claim that it passed is never trusted. Adapters: {@code simulated/} (demo), {@code tencent/}
 * (Tencent Cloud FaceID) and {@code aliyun/} (Alibaba Cloud ID Verification), chosen in order by
 * {@code tempid.liveness.provider} ({@link LivenessProviders}, docs/providers.md).
 */
public interface LivenessProvider {

  /**
   * The adapter's name in {@code tempid.liveness.provider} ({@code tencent}, …), recorded with each
   * session it opens so that the session's verdict is fetched from it whatever the order says
   * later.
   */
  String name();

  /**
   * False while this provider refuses calls at once (its circuit breaker is open): new sessions go
   * to the next provider in the order. Sessions it already opened stay with it.
   */
  default boolean acceptsNewSessions() {
    return true;
  }

  /**
   * Opens a capture session for this person; its id is what the app hands to the provider's SDK.
   * Not idempotent: never retried automatically.
   *
   * @throws ProviderUnavailableException the provider cannot open one now (answered 503)
   */
  String startSession(Subject subject);

  /**
   * The provider's verdict for a session; PENDING while the capture is not finished. Idempotent.
   *
   * @throws ProviderUnavailableException a technical failure (retried by the caller)
   */
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

  /**
   * Who the live face must be: real providers compare it with the authoritative ID photo of this ID
   * number and name. Personal data, handed to the provider only: never stored, logged or put in an
   * exception message.
   */
  record Subject(String idNumber, String name) {
    @Override
    public String toString() {
      return "Subject[****]";
    }
  }

  /** The provider could not be reached or answered an error: a technical failure, retried. */
  class ProviderUnavailableException extends DependencyUnavailableException {
    public ProviderUnavailableException(String message) {
      super(message);
    }

    public ProviderUnavailableException(String message, Duration retryAfter) {
      super(message, retryAfter);
    }
  }
}
