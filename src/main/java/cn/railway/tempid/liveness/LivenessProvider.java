package cn.railway.tempid.liveness;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Port to the face liveness provider. The flow is: start a session → the app captures the face with
 * the provider's SDK → the provider calls back → we fetch the result by session id. A client's own
 * claim that it passed is never trusted. Adapters: {@code simulated/} (demo) and {@code tencent/}
 * (Tencent Cloud FaceID), chosen by {@code tempid.liveness.provider} (docs/providers.md).
 */
public interface LivenessProvider {

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
   * Scores are 0..1; face match compares the captured face with the authoritative ID photo of the
   * {@link Subject} the session was started for.
   */
  record Result(Verdict verdict, BigDecimal livenessScore, BigDecimal faceMatchScore) {}

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
