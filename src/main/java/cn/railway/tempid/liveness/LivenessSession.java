package cn.railway.tempid.liveness;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One liveness attempt as we record it: the provider's session id, verdict and scores only, and
 * which provider opened it ({@code provider}, its adapter name: the verdict is fetched from it).
 */
public record LivenessSession(
    String id,
    Purpose purpose,
    String applicationId,
    String certificateId,
    String personKey,
    int attempt,
    Status status,
    BigDecimal livenessScore,
    BigDecimal faceMatchScore,
    Instant createdAt,
    Instant expiresAt,
    Instant completedAt,
    Instant usedAt,
    String provider) {

  public enum Purpose {
    APPLICATION,
    REVERIFICATION,
    LOOKUP,
    /** The guardian's own face check of a child's application (PIPL art. 31). */
    GUARDIAN
  }

  public enum Status {
    PENDING,
    PASSED,
    FAILED,
    EXPIRED
  }

  /** PENDING sessions past their expiry are EXPIRED even before anything records it. */
  public Status statusAt(Instant now) {
    return status == Status.PENDING && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
  }
}
