package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.application.query.ApplicationView;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.eligibility.EligibilityRules;
import cn.railway.tempid.eligibility.InvalidIdNumberException;
import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.location.ServiceArea;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Refusal;
import cn.railway.tempid.shared.time.ClockConfiguration;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The pre-checks of a stored application: reads what the application holds (the located city, the
 * decrypted ID number for the age, the guardian's consent record) and asks the features whose rules
 * they are ({@link ServiceArea}, {@link EligibilityRules}, {@link QuotaService}).
 */
@Component
class ApplicationPreChecks implements PreChecks {
  private final ApplicationRepository applications;
  private final GuardianConsents guardians;
  private final ServiceArea serviceArea;
  private final EligibilityRules eligibility;
  private final QuotaService quota;
  private final CertificateService certificates;
  private final FieldCipher cipher;
  private final Clock clock;

  ApplicationPreChecks(
      ApplicationRepository applications,
      GuardianConsents guardians,
      ServiceArea serviceArea,
      EligibilityRules eligibility,
      QuotaService quota,
      CertificateService certificates,
      FieldCipher cipher,
      Clock clock) {
    this.applications = applications;
    this.guardians = guardians;
    this.serviceArea = serviceArea;
    this.eligibility = eligibility;
    this.quota = quota;
    this.certificates = certificates;
    this.cipher = cipher;
    this.clock = clock;
  }

  @Override
  public ApplicationRecord.Location locate(
      Double latitude, Double longitude, Double accuracyMeters) {
    ServiceArea.Located located = serviceArea.locate(latitude, longitude, accuracyMeters);
    return new ApplicationRecord.Location(
        located.status().name(), located.province(), located.city(), located.mainland());
  }

  @Override
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
   * The child's age is the table's, from the birth date in the ID number on the day of applying.
   * The guardian consent record is kept only when the table requires a guardian and the application
   * passes; otherwise nothing of the guardian is kept.
   */
  @Override
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

  @Override
  public boolean guardianRequired(String applicationId) {
    return guardians.find(applicationId).isPresent();
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

  /** The submitting request holds the person's lock. */
  @Override
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

  @Override
  public Map<String, Object> refusalDetails(String personKey, ProblemCode refusal) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (refusal == ProblemCode.ACTIVE_CERTIFICATE_EXISTS) {
      certificates
          .activeFor(personKey)
          .ifPresent(c -> details.put("renewalOpensAt", c.renewalOpensAt()));
    }
    if (refusal == ProblemCode.QUOTA_EXCEEDED) {
      QuotaService.Usage usage = quota.usage(personKey);
      details.put("quota", new ApplicationView.Quota(usage.used(), usage.limit()));
    }
    return details;
  }
}
