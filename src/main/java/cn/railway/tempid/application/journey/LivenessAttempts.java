package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.shared.privacy.FieldCipher;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The applicant's liveness attempts (R6): opening the next one, fetching the provider's verdict of
 * the current one, and how many an application has ({@code tempid.liveness.max-attempts}).
 */
@Component
public class LivenessAttempts {
  private final ApplicationRepository applications;
  private final LivenessService liveness;
  private final FieldCipher cipher;
  private final Clock clock;
  private final int maxAttempts;

  LivenessAttempts(
      ApplicationRepository applications,
      LivenessService liveness,
      FieldCipher cipher,
      Clock clock,
      ApplicationProperties properties) {
    this.applications = applications;
    this.liveness = liveness;
    this.cipher = cipher;
    this.clock = clock;
    this.maxAttempts = properties.liveness().maxAttempts();
  }

  /** Opens the next liveness attempt (R6); the applicant then has 10 minutes to finish it. */
  public LivenessSession start(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    LivenessSession session =
        liveness.start(
            LivenessSession.Purpose.APPLICATION,
            applicationId,
            null,
            a.personKey(),
            a.livenessAttempts() + 1,
            subjectOf(a));
    applications.livenessAttemptStarted(applicationId, clock.instant());
    return session;
  }

  /** Whose face the provider must see: the applicant's identity, decrypted for the call only. */
  private LivenessProvider.Subject subjectOf(ApplicationRecord a) {
    return new LivenessProvider.Subject(
        cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT),
        cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT));
  }

  public record LivenessOutcome(boolean passed, int attemptsLeft) {}

  /**
   * Fetches the provider's verdict for the current attempt (never trusting the client); the
   * identity-assurance table decides whether the live face is the applicant's, and that decision is
   * recorded for the application. A live face that is not the applicant's is a failed attempt.
   */
  public LivenessOutcome fetchResult(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    LivenessSession current =
        liveness
            .latestForApplication(applicationId)
            .orElseThrow(() -> new IllegalStateException("application has no liveness session"));
    LivenessSession verdict = liveness.fetchVerdict(current.id());
    boolean passed = verdict.status() == LivenessSession.Status.PASSED;
    if (passed) {
      applications.updateStatus(
          applicationId, ApplicationStatus.UNDER_REVIEW, null, clock.instant(), false);
    }
    return new LivenessOutcome(passed, Math.max(0, maxAttempts - a.livenessAttempts()));
  }

  /** The application's current attempt, if one was opened. */
  Optional<LivenessSession> current(String applicationId) {
    return liveness.latestForApplication(applicationId);
  }

  /** True while the current attempt may still pass (the applicant has not finished it yet). */
  boolean pending(String applicationId) {
    return current(applicationId)
        .map(s -> s.statusAt(clock.instant()) == LivenessSession.Status.PENDING)
        .orElse(false);
  }

  /** Liveness attempts per application ({@code tempid.liveness.max-attempts}). */
  int maxAttempts() {
    return maxAttempts;
  }
}
