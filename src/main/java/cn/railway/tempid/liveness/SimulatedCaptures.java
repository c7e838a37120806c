package cn.railway.tempid.liveness;

import java.math.BigDecimal;

/**
 * Captures of the simulated liveness provider, completed by the demo as a phone would; implemented
 * only by the simulated adapter (never present in production).
 */
public interface SimulatedCaptures {
  enum Outcome {
    PASS,
    FAIL,
    SPOOF
  }

  /**
   * Completes a capture, then calls back. False when the session is unknown or already completed.
   */
  boolean completeCapture(
      String providerSessionId,
      Outcome outcome,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      LivenessProvider.Comparison authorityComparison);
}
