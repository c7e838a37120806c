package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.guest.ApplicantTokens;
import cn.railway.tempid.application.identity.Identities;
import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.application.internal.OutcomeMetrics;
import cn.railway.tempid.application.internal.PersonLock;
import cn.railway.tempid.application.journey.ApplicationProcess;
import cn.railway.tempid.application.query.ApplicationView;
import cn.railway.tempid.application.query.ApplicationViews;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.location.ServiceArea;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submitting applications: idempotency, consents, the identity (validated, or the account's), the
 * person's lock, a guardian's consent, and the start of the journey with its pre-checks.
 */
@Service
public class SubmissionService {
  /** The request header of an idempotent submission (API.md "Failures and retries"). */
  public static final String IDEMPOTENCY_KEY_HEADER = IdempotencyKeys.HEADER;

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  private final ApplicationRepository applications;
  private final IdempotencyKeys idempotency;
  private final ConsentRecords consents;
  private final GuardianConsents guardians;
  private final Identities identities;
  private final PersonLock personLock;
  private final ApplicantTokens applicantTokens;
  private final ApplicationViews views;
  private final ApplicationProcess process;
  private final OutcomeMetrics outcomes;
  private final ServiceArea serviceArea;
  private final QuotaService quota;
  private final CertificateService certificates;
  private final FieldCipher cipher;
  private final AbuseLimits limits;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;
  private final TransactionTemplate transaction;

  SubmissionService(
      ApplicationRepository applications,
      IdempotencyKeys idempotency,
      ConsentRecords consents,
      GuardianConsents guardians,
      Identities identities,
      PersonLock personLock,
      ApplicantTokens applicantTokens,
      ApplicationViews views,
      ApplicationProcess process,
      OutcomeMetrics outcomes,
      ServiceArea serviceArea,
      QuotaService quota,
      CertificateService certificates,
      FieldCipher cipher,
      AbuseLimits limits,
      FaceCheckEvents faceChecks,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.applications = applications;
    this.idempotency = idempotency;
    this.consents = consents;
    this.guardians = guardians;
    this.identities = identities;
    this.personLock = personLock;
    this.applicantTokens = applicantTokens;
    this.views = views;
    this.process = process;
    this.outcomes = outcomes;
    this.serviceArea = serviceArea;
    this.quota = quota;
    this.certificates = certificates;
    this.cipher = cipher;
    this.limits = limits;
    this.faceChecks = faceChecks;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** The result of a submission: accepted (201) or refused by a pre-check (422, recorded). */
  public record Submitted(
      ApplicationView view,
      boolean accepted,
      ProblemCode refusal,
      Map<String, Object> refusalDetails) {}

  /**
   * Submits an application. The body is validated first ({@code 400}, nothing stored). A missing
   * consent or, for a logged-in passenger, someone else's identity is refused before the identity
   * or location is processed: recorded as a REJECTED application that holds nothing about the
   * person. Otherwise, under the person's lock, the journey starts and runs its pre-checks and the
   * first liveness session in this transaction, so at most one application per person is in flight
   * and the monthly quota holds under concurrent requests.
   */
  public Submitted submit(Caller caller, SubmitCommand command) {
    return submit(caller, command, null);
  }

  /**
   * Submits an application with an optional {@code Idempotency-Key} (API.md "Failures and
   * retries"): a retry with the same key and content within the key's lifetime answers as the first
   * request did (same application, refused or not; a guest gets a fresh applicant token, as the
   * first one is stored hashed) instead of {@code 409}; the same key with other content is {@code
   * 422 IDEMPOTENCY_KEY_REUSED}.
   */
  public Submitted submit(Caller caller, SubmitCommand command, String idempotencyKey) {
    IdempotencyKeys.Key key = idempotency.of(caller, idempotencyKey, canonical(command));
    Caller.Passenger passenger = caller instanceof Caller.Passenger p ? p : null;
    Optional<Identity> claimed =
        passenger == null
            ? Optional.of(identities.ofGuest(command.name(), command.idType(), command.idNumber()))
            : identities.ofAccount(passenger, command.name(), command.idType(), command.idNumber());
    if (key != null) {
      Optional<Submitted> replayed = replay(caller, key);
      if (replayed.isPresent()) {
        // a replay counts like a submission: a guest's replay hands out a working token, and
        // unlimited replays would make the key a way around the person's submission limit
        limits.submission(claimed.map(Identity::personKey).orElseGet(() -> passenger.personKey()));
        return replayed.get();
      }
    }
    try {
      return submitOnce(passenger, command, claimed, key);
    } catch (DuplicateKeyException sameKeyAtOnce) {
      // another request with this key committed first: answer as it did
      return (key == null ? Optional.<Submitted>empty() : replay(caller, key))
          .orElseThrow(() -> sameKeyAtOnce);
    }
  }

  private Submitted submitOnce(
      Caller.Passenger passenger,
      SubmitCommand command,
      Optional<Identity> claimed,
      IdempotencyKeys.Key key) {
    Optional<Identity> guardian =
        command.guardian() == null
            ? Optional.empty()
            : Optional.of(
                identities.ofGuardian(
                    command.guardian().name(),
                    command.guardian().idType(),
                    command.guardian().idNumber()));
    if (!command.consentIdentity() || !command.consentBiometric() || !command.consentLocation()) {
      return refuseUnprocessed(passenger, command, ProblemCode.CONSENT_REQUIRED, key);
    }
    if (claimed.isEmpty()) {
      return refuseUnprocessed(passenger, command, ProblemCode.IDENTITY_MISMATCH, key);
    }
    Identity identity = claimed.get();
    ServiceArea.Located located =
        serviceArea.locate(command.latitude(), command.longitude(), command.accuracyMeters());
    Instant now = clock.instant();
    personLock.prepare(identity.personKey());

    // the person's count commits with the submission, in one transaction; a 409 (another
    // application in flight) is answered after that commit, so it counts like any other attempt
    AtomicReference<ApiException> inFlight = new AtomicReference<>();
    Submitted submitted =
        transaction.execute(
            tx -> {
              personLock.lock(identity.personKey());
              if (key != null) {
                // a retry that waited for the person's lock while its first request committed
                Optional<Submitted> replayed = replay(passenger, key);
                if (replayed.isPresent()) {
                  return replayed.get();
                }
              }
              // 429 before anything is stored: the refusal rolls this transaction back
              requireFaceChecksUnlocked(identity, guardian);
              limits.submissionInCallerTransaction(identity.personKey());
              if (applications.hasInFlight(identity.personKey())) {
                inFlight.set(new ApiException(ProblemCode.APPLICATION_IN_PROGRESS));
                return null;
              }
              return start(passenger, command, identity, guardian, located, key, now);
            });
    if (inFlight.get() != null) {
      throw inFlight.get();
    }
    return submitted;
  }

  /**
   * {@code 429 FACE_CHECKS_LOCKED} while the face checks of the applicant or of the guardian named
   * are locked (API.md "Identity assurance"): a new application would start a face check of a
   * locked person, the applicant's own or the guardian's. Counted per person whether or not a
   * certificate exists, so the answer reveals nothing about one.
   */
  private void requireFaceChecksUnlocked(Identity identity, Optional<Identity> guardian) {
    faceChecks.requireUnlocked(identity.personKey());
    guardian.ifPresent(g -> faceChecks.requireUnlocked(g.personKey()));
  }

  /** Stores the application and starts its journey (pre-checks, first liveness session). */
  private Submitted start(
      Caller.Passenger passenger,
      SubmitCommand command,
      Identity identity,
      Optional<Identity> guardian,
      ServiceArea.Located located,
      IdempotencyKeys.Key key,
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
            new ApplicationRecord.Location(
                located.status().name(), located.province(), located.city(), located.mainland()),
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
    ApplicationRecord stored = applications.get(id);
    ApplicationView view = views.view(stored);
    if (stored.status() == ApplicationStatus.REJECTED) {
      ProblemCode code = ProblemCode.fromReason(stored.reasonCode());
      ProblemCode refusal = code == null ? ProblemCode.VALIDATION_FAILED : code;
      if (key != null) {
        idempotency.remember(key, id, refusal, now);
      }
      return new Submitted(view, false, refusal, refusalDetails(stored, code));
    }
    if (key != null) {
      idempotency.remember(key, id, null, now);
    }
    if (passenger == null) {
      view = view.withApplicantToken(applicantTokens.issue(id, now));
    }
    return new Submitted(view, true, null, Map.of());
  }

  /**
   * The answer of the first request with this key, rebuilt from its application as it is now:
   * accepted (a guest gets a new applicant token) or refused with the same code and details.
   */
  private Optional<Submitted> replay(Caller caller, IdempotencyKeys.Key key) {
    return transaction.execute(
        tx ->
            idempotency
                .firstAnswer(key, clock.instant())
                .map(
                    first -> {
                      ApplicationRecord stored = applications.get(first.applicationId());
                      ApplicationView view = views.view(stored);
                      if (first.refusal() != null) {
                        return new Submitted(
                            view, false, first.refusal(), refusalDetails(stored, first.refusal()));
                      }
                      if (!(caller instanceof Caller.Passenger)) {
                        view =
                            view.withApplicantToken(
                                applicantTokens.issue(stored.id(), clock.instant()));
                      }
                      return new Submitted(view, true, null, Map.of());
                    }));
  }

  /** The submitted content in one form (fields by name), for the idempotency key's body hash. */
  private static String canonical(SubmitCommand command) {
    try {
      return CANONICAL.writeValueAsString(command);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a submission always serialises", e);
    }
  }

  /**
   * Records a refusal made before the submitted identity or location is processed. The row holds
   * the refusal, the consents as given and, for a logged-in passenger, the account (so that it
   * appears in their history): no name, ID number, document type or location, and for a guest no
   * person key either.
   */
  private Submitted refuseUnprocessed(
      Caller.Passenger passenger,
      SubmitCommand command,
      ProblemCode code,
      IdempotencyKeys.Key key) {
    if (passenger != null) {
      limits.submission(passenger.personKey());
    }
    return transaction.execute(
        tx -> {
          Instant now = clock.instant();
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
              id,
              command.consentIdentity(),
              command.consentBiometric(),
              command.consentLocation(),
              now);
          if (key != null) {
            idempotency.remember(key, id, code, now);
          }
          outcomes.count(ApplicationStatus.REJECTED, code.name());
          return new Submitted(
              views.view(applications.get(id)), false, code, Map.of("applicationId", id));
        });
  }

  private Map<String, Object> refusalDetails(ApplicationRecord a, ProblemCode code) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("applicationId", a.id());
    if (code == ProblemCode.ACTIVE_CERTIFICATE_EXISTS) {
      certificates
          .activeFor(a.personKey())
          .ifPresent(c -> details.put("renewalOpensAt", c.renewalOpensAt()));
    }
    if (code == ProblemCode.QUOTA_EXCEEDED) {
      QuotaService.Usage usage = quota.usage(a.personKey());
      details.put("quota", new ApplicationView.Quota(usage.used(), usage.limit()));
    }
    return details;
  }
}
