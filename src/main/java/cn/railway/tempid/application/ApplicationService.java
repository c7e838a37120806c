package cn.railway.tempid.application;

import cn.railway.tempid.account.AccountService;
import cn.railway.tempid.account.VerifiedIdentity;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.eligibility.EligibilityRules;
import cn.railway.tempid.eligibility.InvalidIdNumberException;
import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.location.ServiceArea;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Tokens;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.Masking;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.FieldError;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Submitting applications and showing them to their owners. */
@Service
public class ApplicationService {
  static final String NAME_CONTEXT = ApplicationRecord.NAME_CONTEXT;
  static final String ID_NUMBER_CONTEXT = ApplicationRecord.ID_NUMBER_CONTEXT;
  private static final Pattern OTHER_DOCUMENT_NUMBER = Pattern.compile("[A-Z0-9()\\-]{1,32}");

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  private final ApplicationRepository applications;
  private final IdempotencyKeys idempotency;
  private final ConsentRecords consents;
  private final GuardianConsents guardians;
  private final ApplicationProcess process;
  private final OutcomeMetrics outcomes;
  private final AccountService accounts;
  private final ServiceArea serviceArea;
  private final QuotaService quota;
  private final CertificateService certificates;
  private final LivenessService liveness;
  private final PersonKeys personKeys;
  private final FieldCipher cipher;
  private final AbuseLimits limits;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final TransactionTemplate separateTransaction;
  private final int maxAttempts;
  private final Duration applicantTokenTtl;
  private final Duration lookupFreshness;

  ApplicationService(
      ApplicationRepository applications,
      IdempotencyKeys idempotency,
      ConsentRecords consents,
      GuardianConsents guardians,
      ApplicationProcess process,
      OutcomeMetrics outcomes,
      AccountService accounts,
      ServiceArea serviceArea,
      QuotaService quota,
      CertificateService certificates,
      LivenessService liveness,
      PersonKeys personKeys,
      FieldCipher cipher,
      AbuseLimits limits,
      FaceCheckEvents faceChecks,
      Clock clock,
      PlatformTransactionManager transactionManager,
      @Value("${tempid.liveness.max-attempts}") int maxAttempts,
      @Value("${tempid.guests.applicant-token-ttl}") Duration applicantTokenTtl,
      @Value("${tempid.certificate.liveness-freshness}") Duration lookupFreshness) {
    this.applications = applications;
    this.idempotency = idempotency;
    this.consents = consents;
    this.guardians = guardians;
    this.process = process;
    this.outcomes = outcomes;
    this.accounts = accounts;
    this.serviceArea = serviceArea;
    this.quota = quota;
    this.certificates = certificates;
    this.liveness = liveness;
    this.personKeys = personKeys;
    this.cipher = cipher;
    this.limits = limits;
    this.faceChecks = faceChecks;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
    this.separateTransaction = new TransactionTemplate(transactionManager);
    this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.maxAttempts = maxAttempts;
    this.applicantTokenTtl = applicantTokenTtl;
    this.lookupFreshness = lookupFreshness;
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
            ? Optional.of(guestIdentity(command))
            : accountIdentity(passenger, command);
    if (key != null) {
      Optional<Submitted> replayed = replay(caller, key);
      if (replayed.isPresent()) {
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
            : Optional.of(guardianIdentity(command.guardian()));
    if (!command.consentIdentity() || !command.consentBiometric() || !command.consentLocation()) {
      return refuseUnprocessed(passenger, command, ProblemCode.CONSENT_REQUIRED, key);
    }
    if (claimed.isEmpty()) {
      return refuseUnprocessed(passenger, command, ProblemCode.IDENTITY_MISMATCH, key);
    }
    Identity identity = claimed.get();
    limits.submission(identity.personKey()); // 429 before anything is stored
    ServiceArea.Located located =
        serviceArea.locate(command.latitude(), command.longitude(), command.accuracyMeters());
    Instant now = clock.instant();
    if (!applications.createsLockRowInline()) {
      separateTransaction.executeWithoutResult(
          tx -> applications.ensurePersonLockRow(identity.personKey(), now));
    }

    return transaction.execute(
        tx -> {
          lockPerson(identity.personKey());
          if (key != null) {
            // a retry that waited for the person's lock while its first request committed
            Optional<Submitted> replayed = replay(passenger, key);
            if (replayed.isPresent()) {
              return replayed.get();
            }
          }
          if (applications.hasInFlight(identity.personKey())) {
            throw new ApiException(ProblemCode.APPLICATION_IN_PROGRESS);
          }
          String id = Ids.newId();
          applications.insert(
              ApplicationRecord.submitted(
                  id,
                  identity.personKey(),
                  passenger == null ? null : passenger.accountId(),
                  identity.idType(),
                  identity.family(),
                  cipher.encrypt(identity.name(), NAME_CONTEXT),
                  cipher.encrypt(identity.idNumber(), ID_NUMBER_CONTEXT),
                  new ApplicationRecord.Location(
                      located.status().name(),
                      located.province(),
                      located.city(),
                      located.mainland()),
                  now));
          consents.record(
              id,
              command.consentIdentity(),
              command.consentBiometric(),
              command.consentLocation(),
              now);
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
          ApplicationView view = view(stored);
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
            view = view.withApplicantToken(newApplicantToken(id, now));
          }
          return new Submitted(view, true, null, Map.of());
        });
  }

  /** A guest's applicant token for an application (stored hashed: shown this once). */
  private String newApplicantToken(String applicationId, Instant now) {
    String token = Ids.newToken();
    applications.insertApplicantToken(
        Tokens.hash(token), applicationId, now, now.plus(applicantTokenTtl));
    return token;
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
                      ApplicationView view = view(stored);
                      if (first.refusal() != null) {
                        return new Submitted(
                            view, false, first.refusal(), refusalDetails(stored, first.refusal()));
                      }
                      if (!(caller instanceof Caller.Passenger)) {
                        view =
                            view.withApplicantToken(
                                newApplicantToken(stored.id(), clock.instant()));
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
              view(applications.get(id)), false, code, Map.of("applicationId", id));
        });
  }

  /** An application of its owner; anyone else gets 404 (never reveal that it exists). */
  public ApplicationView get(Caller caller, String applicationId) {
    // one transaction for the application, its liveness session and the quota: a poll (and each
    // re-read of a long poll) commits once instead of once per statement (docs/performance.md)
    return transaction.execute(tx -> view(owned(caller, applicationId)));
  }

  /** R14: a registered passenger's applications of the past month, newest first. */
  public List<ApplicationView> history(Caller.Passenger passenger) {
    Instant since = clock.instant().minus(Duration.ofDays(30));
    return applications
        .forAccountSince(passenger.accountId(), passenger.personKey(), since)
        .stream()
        .map(this::view)
        .toList();
  }

  public record NewAttempt(String sessionId, Instant expiresAt, int attemptsLeft) {}

  /** Another liveness attempt after a failed one (up to {@code max-attempts} in all). */
  public NewAttempt newLivenessAttempt(Caller caller, String applicationId) {
    ApplicationRecord owned = owned(caller, applicationId);
    limits.livenessStart(owned.personKey()); // only owners are counted: others get 404
    return transaction.execute(
        tx -> {
          lockPerson(owned.personKey());
          ApplicationRecord a = applications.get(applicationId);
          boolean pending =
              liveness
                  .latestForApplication(applicationId)
                  .map(s -> s.statusAt(clock.instant()) == LivenessSession.Status.PENDING)
                  .orElse(false);
          if (a.status() == ApplicationStatus.AWAITING_LIVENESS && pending) {
            // the current attempt may still pass: never send the passenger away while it runs
            throw new ApiException(ProblemCode.LIVENESS_IN_PROGRESS);
          }
          if (a.livenessAttempts() >= maxAttempts) {
            throw new ApiException(ProblemCode.NO_ATTEMPTS_LEFT);
          }
          if (a.status() != ApplicationStatus.AWAITING_LIVENESS) {
            throw new ApiException(ProblemCode.APPLICATION_NOT_AWAITING_LIVENESS);
          }
          // after repeated failed face checks of this person: 429 FACE_CHECKS_LOCKED
          faceChecks.requireUnlocked(owned.personKey());
          if (!process.retryRequested(applicationId)) {
            throw new ApiException(ProblemCode.LIVENESS_IN_PROGRESS);
          }
          LivenessSession session = liveness.latestForApplication(applicationId).orElseThrow();
          return new NewAttempt(session.id(), session.expiresAt(), maxAttempts - session.attempt());
        });
  }

  public record LookupStarted(String livenessSessionId, Instant expiresAt) {}

  public record LookupResult(String certificateId, String applicantToken) {}

  /**
   * A guest who lost the page finds their certificate again (R12, R16): enter the identity, pass a
   * liveness check. The answer is the same whether or not a certificate exists.
   */
  public LookupStarted lookup(String name, String idType, String idNumber) {
    Identity identity =
        guestIdentity(
            new SubmitCommand(name, idType, idNumber, null, null, null, true, true, true));
    // counted before looking for a certificate: the limit never tells whether one exists
    limits.lookup(identity.personKey());
    // failed face checks are counted per person too, certificate or not: the lock reveals nothing
    faceChecks.requireUnlocked(identity.personKey());
    return transaction.execute(
        tx -> {
          LivenessSession session =
              liveness.start(
                  LivenessSession.Purpose.LOOKUP,
                  null,
                  null,
                  identity.personKey(),
                  1,
                  new LivenessProvider.Subject(identity.idNumber(), identity.name()));
          certificates
              .activeFor(identity.personKey())
              .filter(
                  c ->
                      applications
                          .find(c.applicationId())
                          .filter(a -> a.nameEnc() != null)
                          .map(
                              a ->
                                  normalise(cipher.decrypt(a.nameEnc(), NAME_CONTEXT))
                                      .equals(identity.name()))
                          .orElse(false))
              .ifPresent(c -> liveness.attachCertificate(session.id(), c.id()));
          return new LookupStarted(session.id(), session.expiresAt());
        });
  }

  /** After the lookup's liveness check passed: the certificate and a new applicant token. */
  public Optional<LookupResult> lookupResult(String livenessSessionId) {
    Instant now = clock.instant();
    return transaction.execute(
        tx ->
            liveness
                .find(livenessSessionId)
                .filter(s -> s.purpose() == LivenessSession.Purpose.LOOKUP)
                .filter(
                    s -> s.status() == LivenessSession.Status.PASSED && s.certificateId() != null)
                .filter(s -> s.completedAt().isAfter(now.minus(lookupFreshness)))
                .flatMap(s -> certificates.find(s.certificateId()))
                .filter(c -> c.activeAt(now))
                .filter(c -> liveness.revealOnce(livenessSessionId, c.id()))
                .map(
                    c -> {
                      String token = Ids.newToken();
                      applications.insertApplicantToken(
                          Tokens.hash(token), c.applicationId(), now, now.plus(applicantTokenTtl));
                      return new LookupResult(c.id(), token);
                    }));
  }

  /**
   * Takes the person's lock row for this transaction, creating it if it is missing (first
   * application, or the retention purge removed it since): every request of one person, on any
   * node, waits here for the one before it.
   */
  private void lockPerson(String personKey) {
    if (applications.createsLockRowInline()) {
      applications.insertPersonLockRowIfMissing(personKey, clock.instant());
    }
    while (!applications.lockPerson(personKey)) {
      Instant now = clock.instant();
      separateTransaction.executeWithoutResult(
          tx -> applications.ensurePersonLockRow(personKey, now));
    }
  }

  /** The applicant token of a guest (R16): the application it was issued for, while valid. */
  public Optional<Caller.Guest> guest(String applicantToken) {
    return applications
        .findByLiveApplicantToken(Tokens.hash(applicantToken), clock.instant())
        .map(a -> new Caller.Guest(a.id(), a.personKey()));
  }

  private ApplicationRecord owned(Caller caller, String applicationId) {
    Optional<ApplicationRecord> found =
        applicationId.length() > 64 ? Optional.empty() : applications.find(applicationId);
    return found.filter(a -> owns(caller, a)).orElseThrow(ApiException::notFound);
  }

  private static boolean owns(Caller caller, ApplicationRecord a) {
    if (caller instanceof Caller.Passenger p) {
      return p.accountId().equals(a.accountId()) || p.personKey().equals(a.personKey());
    }
    return caller instanceof Caller.Guest g && g.applicationId().equals(a.id());
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

  ApplicationView view(ApplicationRecord a) {
    Instant now = clock.instant();
    ProblemCode reason = ProblemCode.fromReason(a.reasonCode());
    ApplicationView.Liveness livenessView =
        liveness
            .latestForApplication(a.id())
            .map(
                s ->
                    new ApplicationView.Liveness(
                        s.id(),
                        s.statusAt(now).name(),
                        Math.max(0, maxAttempts - s.attempt()),
                        s.expiresAt()))
            .orElse(null);
    // a purged case (retention) has no person key and no name or ID number left: nulls shown
    QuotaService.Usage usage = a.personKey() == null ? null : quota.usage(a.personKey());
    String guidance =
        reason == null || a.status() == ApplicationStatus.ISSUED ? null : reason.guidance();
    ApplicationView.GuardianLiveness guardianLiveness =
        liveness
            .latestForApplication(a.id(), LivenessSession.Purpose.GUARDIAN)
            .map(
                s ->
                    new ApplicationView.GuardianLiveness(
                        s.id(), s.statusAt(now).name(), s.expiresAt()))
            .orElse(null);
    ApplicationView.Guardian guardian =
        guardians
            .find(a.id())
            .filter(g -> g.nameEnc() != null)
            .map(
                g ->
                    new ApplicationView.Guardian(
                        Masking.maskName(
                            cipher.decrypt(g.nameEnc(), GuardianConsents.NAME_CONTEXT)),
                        Masking.maskIdNumber(
                            cipher.decrypt(g.idNumberEnc(), GuardianConsents.ID_NUMBER_CONTEXT))))
            .orElse(null);
    return new ApplicationView(
        a.id(),
        a.status().name(),
        a.reasonCode(),
        reason == null ? null : reason.messageZh(),
        reason == null ? null : reason.messageEn(),
        guidance,
        a.city(),
        a.createdAt(),
        a.decidedAt(),
        Masking.maskName(cipher.decrypt(a.nameEnc(), NAME_CONTEXT)),
        Masking.maskIdNumber(cipher.decrypt(a.idNumberEnc(), ID_NUMBER_CONTEXT)),
        livenessView,
        a.certificateId(),
        usage == null ? null : new ApplicationView.Quota(usage.used(), usage.limit()),
        null,
        guardianLiveness,
        guardian);
  }

  /** The identity an application is made for, normalised, with its person key. */
  private record Identity(
      String name, String idType, String idNumber, String family, String personKey) {
    @Override
    public String toString() {
      return "Identity[****]";
    }
  }

  /**
   * R2: a logged-in passenger applies with the identity of the account; empty when the request
   * names someone else (any of name, type or number given and different).
   */
  private Optional<Identity> accountIdentity(Caller.Passenger passenger, SubmitCommand command) {
    VerifiedIdentity verified = accounts.identity(passenger.accountId());
    boolean typeMatches =
        command.idType() == null || EligibilityRules.RESIDENT_ID_CARD.equals(command.idType());
    boolean numberMatches =
        command.idNumber() == null
            || verified.idNumber().equals(normalise(command.idNumber()).toUpperCase(Locale.ROOT));
    boolean nameMatches =
        command.name() == null || normalise(command.name()).equals(normalise(verified.name()));
    if (!typeMatches || !numberMatches || !nameMatches) {
      return Optional.empty();
    }
    ResidentIdNumber number = ResidentIdNumber.parse(verified.idNumber(), LocalDate.now(clock));
    return Optional.of(
        new Identity(
            verified.name(),
            EligibilityRules.RESIDENT_ID_CARD,
            number.normalized(),
            number.family().name(),
            passenger.personKey()));
  }

  /** The identity a guest gives: required fields and a valid number, or a {@code 400}. */
  private Identity guestIdentity(SubmitCommand command) {
    List<FieldError> missing = new ArrayList<>();
    if (command.name() == null || command.name().isBlank()) {
      missing.add(new FieldError("name", "REQUIRED", "The name is required."));
    }
    if (command.idType() == null || command.idType().isBlank()) {
      missing.add(new FieldError("idType", "REQUIRED", "The ID type is required."));
    }
    if (command.idNumber() == null || command.idNumber().isBlank()) {
      missing.add(new FieldError("idNumber", "REQUIRED", "The ID number is required."));
    }
    if (!missing.isEmpty()) {
      throw new ValidationException(missing);
    }
    return identity(command.name(), command.idType(), command.idNumber(), "idNumber");
  }

  /**
   * The guardian of an applicant under 14, as given: required fields and, for a resident ID card, a
   * valid number, or a {@code 400} naming the {@code guardian.*} field. Whether a guardian is
   * needed and acceptable (age, consent) is the eligibility table's decision, in the journey.
   */
  private Identity guardianIdentity(SubmitCommand.Guardian g) {
    List<FieldError> errors = new ArrayList<>();
    if (g.name() == null || g.name().isBlank()) {
      errors.add(new FieldError("guardian.name", "REQUIRED", "The guardian's name is required."));
    }
    if (g.idType() == null || g.idType().isBlank()) {
      errors.add(
          new FieldError("guardian.idType", "REQUIRED", "The guardian's ID type is required."));
    }
    if (g.idNumber() == null || g.idNumber().isBlank()) {
      errors.add(
          new FieldError("guardian.idNumber", "REQUIRED", "The guardian's ID number is required."));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return identity(g.name(), g.idType(), g.idNumber(), "guardian.idNumber");
  }

  /**
   * A normalised identity: a resident ID card's number is validated (GB 11643) or a {@code 400}
   * naming {@code idNumberField}; another document (R4) is refused by the eligibility table later,
   * but recorded like any refusal, so only its characters are checked here.
   */
  private Identity identity(String rawName, String idType, String idNumber, String idNumberField) {
    String name = normalise(rawName);
    if (EligibilityRules.RESIDENT_ID_CARD.equals(idType)) {
      ResidentIdNumber number;
      try {
        number = ResidentIdNumber.parse(idNumber, LocalDate.now(clock));
      } catch (InvalidIdNumberException e) {
        throw new ValidationException(
            ProblemCode.INVALID_ID_NUMBER,
            List.of(new FieldError(idNumberField, e.reason().name(), e.reason().description())));
      }
      return new Identity(
          name,
          idType,
          number.normalized(),
          number.family().name(),
          personKeys.personKey(number.normalized()));
    }
    String number = normalise(idNumber).toUpperCase(Locale.ROOT);
    if (!OTHER_DOCUMENT_NUMBER.matcher(number).matches()) {
      throw new ValidationException(
          List.of(
              new FieldError(
                  idNumberField,
                  "PATTERN",
                  "The document number may contain only letters, digits, brackets and '-'.")));
    }
    return new Identity(
        name,
        idType,
        number,
        EligibilityRules.UNKNOWN_FAMILY,
        personKeys.personKey(idType + ":" + number));
  }

  private static String normalise(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
  }

  /** A 400 with field errors (never echoing the submitted values). */
  public static final class ValidationException extends ApiException {
    public ValidationException(List<FieldError> errors) {
      this(ProblemCode.VALIDATION_FAILED, errors);
    }

    public ValidationException(ProblemCode code, List<FieldError> errors) {
      super(
          code,
          errors.size() == 1
              ? "Field '" + errors.get(0).field() + "': " + errors.get(0).message()
              : code.messageEn(),
          Map.of("errors", errors));
    }
  }
}
