package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.shared.privacy.FieldCipher;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The journey's steps for a child's guardian (PIPL art. 31): the guardian's own face check and
 * their entry in the population registry.
 */
@Component
public class GuardianChecks {
  /**
   * Registry flags that disqualify a guardian: the two the approval table acts on for an applicant
   * (the Children section of the REST contract). For the applicant a reported fraud goes to a
   * reviewer; for the guardian it does not, see {@link #verifiedInRegistry}.
   */
  private static final Set<String> GUARDIAN_DISQUALIFYING_FLAGS =
      Set.of("DECEASED", "REPORTED_FRAUD");

  private final GuardianConsents guardians;
  private final LivenessService liveness;
  private final PopulationRegistry registry;
  private final FaceCheckEvents faceChecks;
  private final FieldCipher cipher;
  private final Clock clock;

  GuardianChecks(
      GuardianConsents guardians,
      LivenessService liveness,
      PopulationRegistry registry,
      FaceCheckEvents faceChecks,
      FieldCipher cipher,
      Clock clock) {
    this.guardians = guardians;
    this.liveness = liveness;
    this.registry = registry;
    this.faceChecks = faceChecks;
    this.cipher = cipher;
    this.clock = clock;
  }

  /** Opens the guardian's face check (one attempt, as long as the applicant's session lasts). */
  public LivenessSession startLivenessCheck(String applicationId) {
    GuardianConsents.Guardian guardian = guardianOf(applicationId);
    return liveness.start(
        LivenessSession.Purpose.GUARDIAN,
        applicationId,
        null,
        guardian.personKey(),
        1,
        new LivenessProvider.Subject(
            cipher.decrypt(guardian.idNumberEnc(), GuardianConsents.ID_NUMBER_CONTEXT),
            cipher.decrypt(guardian.nameEnc(), GuardianConsents.NAME_CONTEXT)));
  }

  /** Where the guardian's face check stands, and until when it may still finish. */
  public record GuardianCheck(LivenessSession.Status status, Instant dueAt) {}

  /**
   * The guardian's face check as recorded (its verdict was fetched when the capture finished). It
   * is used here, when the applicant's own check has passed: a check the guardian passed before
   * their face checks were locked counts as FAILED while the lock lasts (the lock holds at every
   * use of a face check, so a locked person cannot act as a guardian).
   */
  public GuardianCheck livenessCheck(String applicationId) {
    LivenessSession session =
        liveness
            .latestForApplication(applicationId, LivenessSession.Purpose.GUARDIAN)
            .orElseThrow(() -> new IllegalStateException("application has no guardian check"));
    LivenessSession.Status status = session.statusAt(clock.instant());
    if (status == LivenessSession.Status.PASSED
        && faceChecks.lockedFor(session.personKey()).isPresent()) {
      status = LivenessSession.Status.FAILED;
    }
    return new GuardianCheck(status, session.expiresAt());
  }

  /**
   * The guardian who consents for a child is looked up in the population registry like the
   * applicant. True only for a name-matching entry without a disqualifying flag; unknown, another
   * name or a flag is false, which refuses the application (GUARDIAN_NOT_VERIFIED) and never asks a
   * reviewer: the guardian's consent is what makes a child's application lawful at all, and a
   * reviewer has nothing to weigh it against. The answer is not kept (only the outcome, as the
   * application's reason); an unreachable registry throws, so the job is retried and then becomes
   * an incident: an outage never decides a case.
   */
  public boolean verifiedInRegistry(String applicationId) {
    GuardianConsents.Guardian guardian = guardianOf(applicationId);
    PopulationRegistry.Answer answer =
        registry.lookUp(
            cipher.decrypt(guardian.idNumberEnc(), GuardianConsents.ID_NUMBER_CONTEXT),
            cipher.decrypt(guardian.nameEnc(), GuardianConsents.NAME_CONTEXT));
    return answer.result() == PopulationRegistry.Result.MATCH
        && answer.flags().stream().noneMatch(GUARDIAN_DISQUALIFYING_FLAGS::contains);
  }

  private GuardianConsents.Guardian guardianOf(String applicationId) {
    return guardians
        .find(applicationId)
        .orElseThrow(() -> new IllegalStateException("application has no guardian"));
  }
}
