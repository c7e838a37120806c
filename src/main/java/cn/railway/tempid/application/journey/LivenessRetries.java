package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.PersonLock;
import cn.railway.tempid.application.query.OwnedApplications;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The applicant asks a running journey for another liveness attempt after a failed one (R6). */
@Service
public class LivenessRetries {
  private final ApplicationRepository applications;
  private final OwnedApplications owned;
  private final PersonLock personLock;
  private final ApplicationProcess process;
  private final LivenessAttempts attempts;
  private final AbuseLimits limits;
  private final FaceCheckEvents faceChecks;
  private final TransactionTemplate transaction;

  LivenessRetries(
      ApplicationRepository applications,
      OwnedApplications owned,
      PersonLock personLock,
      ApplicationProcess process,
      LivenessAttempts attempts,
      AbuseLimits limits,
      FaceCheckEvents faceChecks,
      PlatformTransactionManager transactionManager) {
    this.applications = applications;
    this.owned = owned;
    this.personLock = personLock;
    this.process = process;
    this.attempts = attempts;
    this.limits = limits;
    this.faceChecks = faceChecks;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public record NewAttempt(String sessionId, Instant expiresAt, int attemptsLeft) {}

  /** Another liveness attempt after a failed one (up to {@code max-attempts} in all). */
  public NewAttempt newLivenessAttempt(Caller caller, String applicationId) {
    ApplicationRecord ownedByCaller = owned.owned(caller, applicationId);
    limits.livenessStart(ownedByCaller.personKey()); // only owners are counted: others get 404
    return transaction.execute(
        tx -> {
          personLock.lock(ownedByCaller.personKey());
          ApplicationRecord a = applications.get(applicationId);
          boolean pending = attempts.pending(applicationId);
          if (a.status() == ApplicationStatus.AWAITING_LIVENESS && pending) {
            // the current attempt may still pass: never send the passenger away while it runs
            throw new ApiException(ProblemCode.LIVENESS_IN_PROGRESS);
          }
          if (a.livenessAttempts() >= attempts.maxAttempts()) {
            throw new ApiException(ProblemCode.NO_ATTEMPTS_LEFT);
          }
          if (a.status() != ApplicationStatus.AWAITING_LIVENESS) {
            throw new ApiException(ProblemCode.APPLICATION_NOT_AWAITING_LIVENESS);
          }
          // after repeated failed face checks of this person: 429 FACE_CHECKS_LOCKED
          faceChecks.requireUnlocked(ownedByCaller.personKey());
          if (!process.retryRequested(applicationId)) {
            throw new ApiException(ProblemCode.LIVENESS_IN_PROGRESS);
          }
          LivenessSession session = attempts.current(applicationId).orElseThrow();
          return new NewAttempt(
              session.id(), session.expiresAt(), attempts.maxAttempts() - session.attempt());
        });
  }
}
