package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.application.internal.OutcomeMetrics;
import cn.railway.tempid.application.journey.ApplicationProcess;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Stores a submission in the submitting transaction: the application (identity encrypted, the
 * located city instead of the coordinates), its consents and a child's guardian, then starts its
 * journey; or a refusal made before the identity or location is processed.
 */
@Component
class ApplicationIntake {
  private final ApplicationRepository applications;
  private final ConsentRecords consents;
  private final GuardianConsents guardians;
  private final IdempotencyKeys idempotency;
  private final ApplicationProcess process;
  private final FieldCipher cipher;
  private final OutcomeMetrics outcomes;

  ApplicationIntake(
      ApplicationRepository applications,
      ConsentRecords consents,
      GuardianConsents guardians,
      IdempotencyKeys idempotency,
      ApplicationProcess process,
      FieldCipher cipher,
      OutcomeMetrics outcomes) {
    this.applications = applications;
    this.consents = consents;
    this.guardians = guardians;
    this.idempotency = idempotency;
    this.process = process;
    this.cipher = cipher;
    this.outcomes = outcomes;
  }

  /**
   * Stores the application and starts its journey, whose pre-checks and first liveness session run
   * before this returns (in the caller's transaction). Returns the application's id.
   */
  String start(
      Caller.Passenger passenger,
      SubmitCommand command,
      Identity identity,
      Optional<Identity> guardian,
      ApplicationRecord.Location location,
      Instant now) {
    String id = Ids.newId();
    applications.insert(
        ApplicationRecord.submitted(
            id,
            identity.personKey(),
            passenger == null ? null : passenger.accountId(),
            identity.idType(),
            identity.family(),
            cipher.encrypt(identity.name(), ApplicationRecord.NAME_CONTEXT),
            cipher.encrypt(identity.idNumber(), ApplicationRecord.ID_NUMBER_CONTEXT),
            location,
            now));
    consents.record(
        id, command.consentIdentity(), command.consentBiometric(), command.consentLocation(), now);
    outcomes.submitted();
    guardian.ifPresent(
        g -> {
          // kept only if the eligibility table requires a guardian (PIPL art. 31)
          guardians.record(
              id,
              g.idType(),
              cipher.encrypt(g.name(), GuardianConsents.NAME_CONTEXT),
              cipher.encrypt(g.idNumber(), GuardianConsents.ID_NUMBER_CONTEXT),
              g.personKey(),
              command.consentGuardian(),
              now);
          consents.recordGuardian(id, command.consentGuardian(), now);
        });
    process.start(id);
    return id;
  }

  /**
   * Records a refusal made before the submitted identity or location is processed (in the caller's
   * transaction). The row holds the refusal, the consents as given and, for a logged-in passenger,
   * the account (so that it appears in their history): no name, ID number, document type or
   * location, and for a guest no person key either. Returns the application's id.
   */
  String refuseUnprocessed(
      Caller.Passenger passenger,
      SubmitCommand command,
      ProblemCode code,
      IdempotencyKeys.Key key,
      Instant now) {
    String id = Ids.newId();
    applications.insert(
        ApplicationRecord.refusedUnprocessed(
            id,
            passenger == null ? null : passenger.personKey(),
            passenger == null ? null : passenger.accountId(),
            code.name(),
            command.consentIdentity(),
            command.consentBiometric(),
            command.consentLocation(),
            now));
    consents.record(
        id, command.consentIdentity(), command.consentBiometric(), command.consentLocation(), now);
    if (key != null) {
      idempotency.remember(key, id, code, now);
    }
    outcomes.count(ApplicationStatus.REJECTED, code.name());
    return id;
  }
}
