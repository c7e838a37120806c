package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.application.internal.OutcomeMetrics;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.eligibility.EligibilityRules;
import cn.railway.tempid.eligibility.InvalidIdNumberException;
import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.location.ServiceArea;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.review.ApprovalRules;
import cn.railway.tempid.review.ReviewDecided;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.Refusal;
import cn.railway.tempid.shared.time.ClockConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the application journey, one method per BPMN task or outcome. The process calls them
 * through thin delegates; the rules themselves live in the features they belong to.
 */
@Service
public class ApplicationLifecycle {
  /**
   * Registry flags that disqualify a guardian: the two the approval table acts on for an applicant
   * (the Children section of the REST contract). For the applicant a reported fraud goes to a
   * reviewer; for the guardian it does not, see {@link #guardianVerifiedInRegistry}.
   */
  private static final Set<String> GUARDIAN_DISQUALIFYING_FLAGS =
      Set.of("DECEASED", "REPORTED_FRAUD");

  private final ApplicationRepository applications;
  private final GuardianConsents guardians;
  private final ServiceArea serviceArea;
  private final EligibilityRules eligibility;
  private final QuotaService quota;
  private final CertificateService certificates;
  private final LivenessService liveness;
  private final PopulationRegistry registry;
  private final ApprovalRules approvalRules;
  private final FieldCipher cipher;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration reviewDeadline;
  private final OutcomeMetrics outcomes;
  private final FaceCheckEvents faceChecks;

  ApplicationLifecycle(
      ApplicationRepository applications,
      GuardianConsents guardians,
      ServiceArea serviceArea,
      EligibilityRules eligibility,
      QuotaService quota,
      CertificateService certificates,
      LivenessService liveness,
      PopulationRegistry registry,
      ApprovalRules approvalRules,
      FieldCipher cipher,
      Clock clock,
      @Value("${tempid.liveness.max-attempts}") int maxAttempts,
      @Value("${tempid.review.deadline}") Duration reviewDeadline,
      OutcomeMetrics outcomes,
      FaceCheckEvents faceChecks) {
    this.applications = applications;
    this.guardians = guardians;
    this.serviceArea = serviceArea;
    this.eligibility = eligibility;
    this.quota = quota;
    this.certificates = certificates;
    this.liveness = liveness;
    this.registry = registry;
    this.approvalRules = approvalRules;
    this.cipher = cipher;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.reviewDeadline = reviewDeadline;
    this.outcomes = outcomes;
    this.faceChecks = faceChecks;
  }

  /** Pre-check R1/R3: a located city inside the service area. Empty when it passes. */
  public Optional<Refusal> checkServiceArea(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    return serviceArea.refusal(
        DecisionRules.DecisionFor.application(applicationId),
        new ServiceArea.Located(
            ServiceArea.Status.valueOf(a.locationStatus()),
            a.province(),
            a.city(),
            a.locationMainland()));
  }

  /**
   * Pre-check R4/R5 and PIPL art. 31: a Chinese resident ID card, and for a child (the table's age,
   * from the birth date in the ID number on the day of applying) an adult guardian's identity and
   * consent. Empty when it passes. The guardian consent record is kept only when the table requires
   * a guardian and the application passes; otherwise nothing of the guardian is kept.
   */
  public Optional<Refusal> checkEligibility(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    Optional<GuardianConsents.Guardian> guardian = guardians.find(applicationId);
    Integer age =
        ageOnApplying(
            a.idType(), a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT, a.createdAt());
    Integer guardianAge =
        guardian
            .map(
                g ->
                    ageOnApplying(
                        g.idType(),
                        g.idNumberEnc(),
                        GuardianConsents.ID_NUMBER_CONTEXT,
                        a.createdAt()))
            .orElse(null);
    EligibilityRules.Decision decision =
        eligibility.decide(
            DecisionRules.DecisionFor.application(applicationId),
            a.idType(),
            a.idNumberFamily(),
            age,
            guardian.map(GuardianConsents.Guardian::consentGiven).orElse(false),
            guardianAge);
    if (guardian.isPresent() && (decision.refusal().isPresent() || !decision.guardianRequired())) {
      guardians.discard(applicationId);
    }
    return decision.refusal();
  }

  /** True when the application goes on with a guardian whose own face check must pass. */
  public boolean guardianRequired(String applicationId) {
    return guardians.find(applicationId).isPresent();
  }

  /** Opens the guardian's face check (one attempt, as long as the applicant's session lasts). */
  public LivenessSession startGuardianLivenessCheck(String applicationId) {
    GuardianConsents.Guardian guardian =
        guardians
            .find(applicationId)
            .orElseThrow(() -> new IllegalStateException("application has no guardian"));
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
  public GuardianCheck guardianLivenessCheck(String applicationId) {
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

  /** Full years of age on the day of applying (China), or null when not a resident ID number. */
  private Integer ageOnApplying(
      String idType, String idNumberEnc, String context, Instant appliedAt) {
    if (!EligibilityRules.RESIDENT_ID_CARD.equals(idType) || idNumberEnc == null) {
      return null;
    }
    LocalDate day = LocalDate.ofInstant(appliedAt, ClockConfiguration.CHINA);
    try {
      ResidentIdNumber number = ResidentIdNumber.parse(cipher.decrypt(idNumberEnc, context), day);
      return EligibilityRules.ageOn(number.birthDate(), day);
    } catch (InvalidIdNumberException notResident) {
      return null;
    }
  }

  /**
   * Pre-check R8/R17: quota left and no active certificate outside its renewal window; reserves one
   * unit of quota when it passes. The submitting request holds the person's lock.
   */
  public Optional<Refusal> reserveQuota(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    Instant now = clock.instant();
    Optional<Certificate> active = certificates.activeFor(a.personKey());
    QuotaService.Decision decision =
        quota.check(
            applicationId,
            a.personKey(),
            active.isPresent(),
            active.map(c -> c.renewalWindowOpenAt(now)).orElse(false));
    if (decision.outcome().refusal().isPresent()) {
      return decision.outcome().refusal();
    }
    quota.reserve(applicationId, a.personKey());
    return Optional.empty();
  }

  /** Opens the next liveness attempt (R6); the applicant then has 10 minutes to finish it. */
  public LivenessSession startLivenessAttempt(String applicationId) {
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
  public LivenessOutcome fetchLivenessResult(String applicationId) {
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

  /** Asks the population registry about the applicant; the answer stays in our table. */
  public void lookUpRegistry(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    PopulationRegistry.Answer answer =
        registry.lookUp(
            cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT),
            cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT));
    applications.recordRegistry(
        applicationId,
        answer.result().name(),
        String.join(",", new TreeSet<>(answer.flags())),
        clock.instant());
  }

  /**
   * PIPL art. 31: the guardian who consents for a child is looked up in the population registry
   * like the applicant. True only for a name-matching entry without a disqualifying flag; unknown,
   * another name or a flag is false, which refuses the application (GUARDIAN_NOT_VERIFIED) and
   * never asks a reviewer: the guardian's consent is what makes a child's application lawful at
   * all, and a reviewer has nothing to weigh it against. The answer is not kept (only the outcome,
   * as the application's reason); an unreachable registry throws, so the job is retried and then
   * becomes an incident: an outage never decides a case.
   */
  public boolean guardianVerifiedInRegistry(String applicationId) {
    GuardianConsents.Guardian guardian =
        guardians
            .find(applicationId)
            .orElseThrow(() -> new IllegalStateException("application has no guardian"));
    PopulationRegistry.Answer answer =
        registry.lookUp(
            cipher.decrypt(guardian.idNumberEnc(), GuardianConsents.ID_NUMBER_CONTEXT),
            cipher.decrypt(guardian.nameEnc(), GuardianConsents.NAME_CONTEXT));
    return answer.result() == PopulationRegistry.Result.MATCH
        && answer.flags().stream().noneMatch(GUARDIAN_DISQUALIFYING_FLAGS::contains);
  }

  /** R7: the approval table decides from the registry answer and the liveness scores. */
  public ApprovalRules.Approval decideApproval(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    LivenessSession session = liveness.latestForApplication(applicationId).orElseThrow();
    Set<String> flags =
        a.registryFlags() == null || a.registryFlags().isEmpty()
            ? Set.of()
            : Set.of(a.registryFlags().split(","));
    PopulationRegistry.Answer answer =
        new PopulationRegistry.Answer(PopulationRegistry.Result.valueOf(a.registryResult()), flags);
    ApprovalRules.Approval approval =
        approvalRules.decide(
            DecisionRules.DecisionFor.application(applicationId),
            answer,
            session.livenessScore(),
            session.faceMatchScore());
    applications.recordApproval(
        applicationId, approval.decision().name(), approval.reasonCode(), clock.instant());
    return approval;
  }

  /** When a manual review is overdue (an overdue review is escalated, never approved). */
  public Instant reviewDueDate() {
    return clock.instant().plus(reviewDeadline);
  }

  public void escalateReview(String applicationId) {
    applications.recordEscalation(applicationId, clock.instant());
  }

  /** Issues the certificate (R9), consumes the reserved quota, supersedes an older one (R17). */
  @Transactional
  public Certificate issueCertificate(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    Certificate certificate =
        certificates.issue(
            applicationId,
            a.personKey(),
            cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT),
            cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT));
    quota.consume(applicationId);
    applications.recordCertificate(applicationId, certificate.id(), clock.instant());
    outcomes.count(ApplicationStatus.ISSUED, "NONE");
    return certificate;
  }

  /** A pre-check refused the application (answered 422 to the submitter). */
  public void refused(String applicationId, Refusal refusal) {
    end(applicationId, ApplicationStatus.REJECTED, refusal);
  }

  /** Ended without a certificate after liveness (R15 guidance applies). */
  public void failed(String applicationId, Refusal refusal) {
    end(applicationId, ApplicationStatus.FAILED, refusal);
  }

  /** The guardian did not finish their face check in time. */
  public void guardianAbandoned(String applicationId) {
    end(applicationId, ApplicationStatus.ABANDONED, Refusal.GUARDIAN_LIVENESS_TIMEOUT);
  }

  /** The applicant did not finish liveness in time. */
  public void abandoned(String applicationId) {
    end(applicationId, ApplicationStatus.ABANDONED, Refusal.LIVENESS_TIMEOUT);
  }

  /**
   * The process ended. Normally the application already has its outcome; if it is still in flight,
   * an operator cancelled the instance: it ends as FAILED and releases its quota.
   */
  public void processEnded(String applicationId) {
    applications
        .find(applicationId)
        .filter(a -> a.status().inFlight())
        .ifPresent(a -> failed(applicationId, Refusal.CANCELLED_BY_OPERATOR));
  }

  @EventListener
  void onReviewDecided(ReviewDecided event) {
    applications.recordReview(
        event.applicationId(),
        event.reviewer(),
        event.decision(),
        event.reasonCode(),
        event.note() == null || event.note().isBlank()
            ? null
            : cipher.encrypt(event.note(), ApplicationRecord.REVIEW_NOTE_CONTEXT),
        clock.instant());
  }

  private void end(String applicationId, ApplicationStatus status, Refusal refusal) {
    String reasonCode = refusal.name();
    quota.release(applicationId);
    liveness.expirePending(applicationId);
    applications.updateStatus(applicationId, status, reasonCode, clock.instant(), true);
    outcomes.count(status, reasonCode);
  }
}
