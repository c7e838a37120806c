package cn.railway.tempid.certificate.use;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateHolders;
import cn.railway.tempid.certificate.issuing.CertificateProcess;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opening the QR page (R11–R13): a view session for 30 minutes with a fresh, passed face check of
 * the holder, and the face re-verification that gives one (uses no quota).
 */
@Service
public class ViewAccess {
  private final HolderAccess access;
  private final ViewSessionStore views;
  private final CertificateProcess process;
  private final LivenessService liveness;
  private final FaceCheckEvents faceChecks;
  private final AbuseLimits limits;
  private final CertificateHolders holders;

  ViewAccess(
      HolderAccess access,
      ViewSessionStore views,
      CertificateProcess process,
      LivenessService liveness,
      FaceCheckEvents faceChecks,
      AbuseLimits limits,
      CertificateHolders holders) {
    this.access = access;
    this.views = views;
    this.process = process;
    this.liveness = liveness;
    this.faceChecks = faceChecks;
    this.limits = limits;
    this.holders = holders;
  }

  /**
   * Opens a view session of the caller's usable certificate, using up the fresh face check; its
   * 30-minute timer runs in the certificate's process.
   */
  @Transactional
  public ViewSessionStore.Opened openViewSession(
      Caller caller, String id, String livenessSessionId) {
    Certificate c = access.owned(caller, id);
    access.requireUsable(c);
    access.requireFreshFaceCheck(c, livenessSessionId);
    ViewSessionStore.Opened opened =
        views.open(
            c.id(), caller instanceof Caller.Passenger p ? p.accountId() : null, livenessSessionId);
    process.viewSessionStarted(c.id(), opened.id());
    return opened;
  }

  /**
   * Starts a face re-verification of the caller's usable certificate's holder: {@code 429
   * FACE_CHECKS_LOCKED} after repeated failed face checks of the person, {@code 429 RATE_LIMITED}
   * when started too often.
   */
  public LivenessSession startReverification(Caller caller, String id) {
    Certificate c = access.owned(caller, id);
    access.requireUsable(c);
    faceChecks.requireUnlocked(c.personKey());
    limits.livenessStart(c.personKey());
    return liveness.start(
        LivenessSession.Purpose.REVERIFICATION,
        null,
        c.id(),
        c.personKey(),
        1,
        holders.subjectOf(c));
  }
}
