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

  /** Scores are 0..1; face match compares the captured face with the registry photo. */
  record Result(Verdict verdict, BigDecimal livenessScore, BigDecimal faceMatchScore) {}

  /** The provider could not be reached or answered an error: a technical failure, retried. */
  class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message) {
      super(message);
    }
  }
}
