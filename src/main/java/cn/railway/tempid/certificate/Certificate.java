package cn.railway.tempid.certificate;

import java.time.Instant;

/**
 * A temporary travel identity certificate (R9: valid 24 h from issue). The stored instants are the
 * authority: {@link #statusAt} answers EXPIRED the moment {@code expiresAt} passes, even before the
 * timer that records it has run. {@code statusIndex} is its entry in the status list token (null
 * for certificates issued before status indices existed).
 */
public record Certificate(
    String id,
    String applicationId,
    String personKey,
    CertificateStatus status,
    String maskedName,
    String maskedIdNumber,
    Instant issuedAt,
    Instant expiresAt,
    Instant renewalOpensAt,
    Instant statusChangedAt,
    String supersededBy,
    Long statusIndex) {

  public CertificateStatus statusAt(Instant now) {
    if (status == CertificateStatus.ACTIVE && !now.isBefore(expiresAt)) {
      return CertificateStatus.EXPIRED;
    }
    return status;
  }

  public boolean activeAt(Instant now) {
    return statusAt(now) == CertificateStatus.ACTIVE;
  }

  /** R17: in the last hours before expiry a new application is allowed. */
  public boolean renewalWindowOpenAt(Instant now) {
    return !now.isBefore(renewalOpensAt);
  }
}
