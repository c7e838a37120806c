package cn.railway.tempid.verification;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.frame.CertificateState;
import cn.railway.tempid.frame.StatusLookup;
import cn.railway.tempid.frame.VerificationKey;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What online verification ({@link VerificationService}) and offline uploads ({@link
 * OfflineSightings}) share to judge a frame: the published verification keys (cached briefly), the
 * standing of the certificate a frame names, and the sighting recorded for a frame.
 */
@Component
class FrameChecks {
  private final SigningKeys keys;
  private final CertificateService certificates;
  private final Clock clock;

  FrameChecks(SigningKeys keys, CertificateService certificates, Clock clock) {
    this.keys = keys;
    this.certificates = certificates;
    this.clock = clock;
  }

  private record CachedKeys(List<VerificationKey> keys, Instant readAt) {}

  /** How long the published verification keys are reused before they are read again. */
  static final Duration KEY_CACHE = Duration.ofSeconds(5);

  private volatile CachedKeys cachedKeys;

  /**
   * The published verification keys, read at most every {@link #KEY_CACHE} (a verification used to
   * read and decode them every time); {@code fresh} reads them at once (an unknown key id).
   */
  List<VerificationKey> publishedKeys(boolean fresh) {
    Instant now = clock.instant();
    CachedKeys c = cachedKeys;
    if (fresh
        || c == null
        || now.isBefore(c.readAt())
        || !now.isBefore(c.readAt().plus(KEY_CACHE))) {
      c = new CachedKeys(keys.published(), now);
      cachedKeys = c;
    }
    return c.keys();
  }

  Optional<Certificate> find(UUID certificateId) {
    return certificates.find(certificateId.toString());
  }

  StatusLookup.Standing standing(Optional<Certificate> certificate) {
    return certificate
        .map(
            c ->
                new StatusLookup.Standing(
                    CertificateState.valueOf(c.statusAt(clock.instant()).name()), c.expiresAt()))
        // an id we never issued: fail closed
        .orElse(new StatusLookup.Standing(CertificateState.REVOKED, null));
  }

  /**
   * The sighting of this frame, with the checkpoint type the device acted as and its key's station
   * or train code. A checkpoint is the authenticated key plus the device id it names, so one key
   * cannot pose as another's devices.
   */
  static VerificationRecords.Sighting sighting(
      String token,
      Caller.Checkpoint caller,
      String deviceId,
      CheckpointType type,
      String certificateId,
      Instant at) {
    return new VerificationRecords.Sighting(
        Tokens.hash(token),
        Tokens.hash(caller.keyId() + "\n" + deviceId),
        certificateId,
        at,
        type.name(),
        caller.station());
  }
}
