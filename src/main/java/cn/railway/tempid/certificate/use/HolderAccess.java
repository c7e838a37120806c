package cn.railway.tempid.certificate.use;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The holder's rules for using a certificate: only its owner sees it, a withdrawn or expired one is
 * no longer used, and viewing or revoking it takes the holder's own fresh face (R11/R12).
 */
@Service
public class HolderAccess {
  private final CertificateService certificates;
  private final LivenessService liveness;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;
  private final Duration livenessFreshness;

  HolderAccess(
      CertificateService certificates,
      LivenessService liveness,
      FaceCheckEvents faceChecks,
      Clock clock,
      CertificateProperties properties) {
    this.certificates = certificates;
    this.liveness = liveness;
    this.faceChecks = faceChecks;
    this.clock = clock;
    this.livenessFreshness = properties.certificate().livenessFreshness();
  }

  /**
   * The caller's certificate: a passenger's by their person, a guest's by their application; {@code
   * 404} for any other, as for an unknown id.
   */
  public Certificate owned(Caller caller, String id) {
    return (id.length() > 64 ? Optional.<Certificate>empty() : certificates.find(id))
        .filter(
            c ->
                caller instanceof Caller.Passenger p
                    ? p.personKey().equals(c.personKey())
                    : caller instanceof Caller.Guest g
                        && g.applicationId().equals(c.applicationId()))
        .orElseThrow(ApiException::notFound);
  }

  /** 410 with the certificate's status once it can no longer be used. */
  public void requireUsable(Certificate c) {
    switch (c.statusAt(clock.instant())) {
      case EXPIRED -> throw new ApiException(ProblemCode.CERTIFICATE_EXPIRED);
      case SUPERSEDED -> throw new ApiException(ProblemCode.CERTIFICATE_SUPERSEDED);
      case REVOKED -> throw new ApiException(ProblemCode.CERTIFICATE_REVOKED);
      default -> {}
    }
  }

  /**
   * The holder's own face: a PASSED, unused liveness session of the certificate's person, finished
   * within the freshness window, used up here (R11/R12; viewing and revoking alike). {@code 422
   * LIVENESS_REQUIRED} otherwise. While the person's face checks are locked, {@code 429
   * FACE_CHECKS_LOCKED} first, and the session is not used up: the lock holds at every use of a
   * face check, also of one that passed before the lock. Call in the transaction of the use.
   */
  public void requireFreshFaceCheck(Certificate c, String livenessSessionId) {
    faceChecks.requireUnlocked(c.personKey());
    if (!liveness.usePassed(livenessSessionId, c.personKey(), livenessFreshness)) {
      throw new ApiException(ProblemCode.LIVENESS_REQUIRED);
    }
  }
}
