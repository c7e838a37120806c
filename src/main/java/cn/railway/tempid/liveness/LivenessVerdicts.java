package cn.railway.tempid.liveness;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.assurance.IdentityAssurance;
import cn.railway.tempid.rules.DecisionRules;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The verdict of a liveness session: fetched from the provider that opened it, then decided by the
 * identity-assurance table. A session is PASSED only when the live face is the person's and the
 * person's face checks are not locked; any other answer is a failed face check, recorded as a
 * security event ({@link FaceCheckEvents}).
 */
@Component
class LivenessVerdicts {
  private static final Logger log = LoggerFactory.getLogger(LivenessVerdicts.class);

  /** The assurance reason of a session the table passed while its person was locked. */
  static final String FACE_CHECKS_LOCKED = "FACE_CHECKS_LOCKED";

  private final JdbcClient jdbc;
  private final LivenessProviders providers;
  private final IdentityAssurance assurance;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;

  LivenessVerdicts(
      JdbcClient jdbc,
      LivenessProviders providers,
      IdentityAssurance assurance,
      FaceCheckEvents faceChecks,
      Clock clock) {
    this.jdbc = jdbc;
    this.providers = providers;
    this.assurance = assurance;
    this.faceChecks = faceChecks;
    this.clock = clock;
  }

  /** Reads one session (the same read as {@link LivenessService#find}). */
  private Optional<LivenessSession> find(String sessionId) {
    return jdbc.sql("select * from liveness_session where id = ?")
        .param(sessionId)
        .query(LivenessService::map)
        .optional();
  }

  /**
   * Fetches the provider's verdict and lets the identity-assurance table decide whether this live
   * face is the person's: PASSED only on its PASS; otherwise FAILED and recorded as a failed face
   * check of the person. A PASS that arrives while the person's face checks are locked (a session
   * opened before the lock) is FAILED too, with the assurance reason {@code FACE_CHECKS_LOCKED}:
   * the lock holds at every face check, so nothing opened before it (an application's or a
   * guardian's check, a re-verification, a lookup) passes during it. The provider's callback still
   * succeeds. A session that is still PENDING at the provider is a technical failure here (the
   * callback said it was done), so the caller retries. The verdict comes from the provider that
   * opened the session, whichever provider new sessions go to now.
   */
  @Transactional
  LivenessSession fetch(String sessionId) {
    LivenessSession session =
        find(sessionId)
            .orElseThrow(() -> new IllegalStateException("unknown liveness session " + sessionId));
    if (session.status() != LivenessSession.Status.PENDING) {
      return session;
    }
    LivenessProvider.Result result = providers.of(session.provider()).fetchResult(sessionId);
    if (result.verdict() == LivenessProvider.Verdict.PENDING) {
      throw new LivenessProvider.ProviderUnavailableException(
          "provider has no verdict yet for a completed capture");
    }
    IdentityAssurance.Purpose purpose = IdentityAssurance.Purpose.valueOf(session.purpose().name());
    IdentityAssurance.Assessment assessment =
        assurance.assess(
            // an application's or its guardian's check is recorded for the application
            session.applicationId() == null
                ? DecisionRules.DecisionFor.noApplication()
                : DecisionRules.DecisionFor.application(session.applicationId()),
            new IdentityAssurance.FaceCheck(
                purpose,
                result.verdict().name(),
                result.livenessScore(),
                result.faceMatchScore(),
                result.authorityComparison().name()));
    // a PASS for a person whose face checks are locked is no pass: the session was opened before
    // the lock, and the lock holds at every face check (not recorded as another failure: the face
    // matched, and a lock must not lengthen itself)
    boolean passed = assessment.passed() && !faceChecksLocked(session);
    LivenessSession.Status status =
        passed ? LivenessSession.Status.PASSED : LivenessSession.Status.FAILED;
    int updated =
        jdbc.sql(
                """
        update liveness_session set status = ?, liveness_score = ?, face_match_score = ?,
          authority_comparison = ?, assurance = ?, assurance_reason = ?, completed_at = ?
        where id = ? and status = 'PENDING'""")
            .params(
                status.name(),
                result.livenessScore(),
                result.faceMatchScore(),
                result.authorityComparison().name(),
                assessment.outcome().name(),
                assessment.passed() && !passed ? FACE_CHECKS_LOCKED : assessment.reasonCode(),
                Timestamp.from(clock.instant()),
                sessionId)
            .update();
    if (updated == 1 && !assessment.passed()) {
      faceChecks.recordFailure(
          new FaceCheckEvents.FailedCheck(
              sessionId,
              purpose,
              session.applicationId(),
              session.certificateId(),
              session.personKey(),
              assessment));
    }
    return find(sessionId).orElseThrow();
  }

  /** True while the face checks of the session's person are locked (after repeated failures). */
  private boolean faceChecksLocked(LivenessSession session) {
    boolean locked = faceChecks.lockedFor(session.personKey()).isPresent();
    if (locked) {
      log.info(
          "Face check passed while the person's face checks are locked, not counted as passed:"
              + " livenessSession={} purpose={}",
          session.id(),
          session.purpose());
    }
    return locked;
  }
}
