package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.OutcomeMetrics;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.Refusal;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the application journey ends, one method per BPMN outcome: the certificate issued, or the
 * application refused, failed, abandoned or cancelled (its quota released). The steps before live
 * beside it: {@link PreChecks}, {@link LivenessAttempts}, {@link GuardianChecks} and {@link
 * ApprovalSteps}; the process calls them all through thin delegates, and the rules themselves live
 * in the features they belong to.
 */
@Service
public class ApplicationLifecycle {
  private final ApplicationRepository applications;
  private final CertificateService certificates;
  private final QuotaService quota;
  private final LivenessService liveness;
  private final FieldCipher cipher;
  private final Clock clock;
  private final OutcomeMetrics outcomes;

  ApplicationLifecycle(
      ApplicationRepository applications,
      CertificateService certificates,
      QuotaService quota,
      LivenessService liveness,
      FieldCipher cipher,
      Clock clock,
      OutcomeMetrics outcomes) {
    this.applications = applications;
    this.certificates = certificates;
    this.quota = quota;
    this.liveness = liveness;
    this.cipher = cipher;
    this.clock = clock;
    this.outcomes = outcomes;
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

  private void end(String applicationId, ApplicationStatus status, Refusal refusal) {
    String reasonCode = refusal.name();
    quota.release(applicationId);
    liveness.expirePending(applicationId);
    applications.updateStatus(applicationId, status, reasonCode, clock.instant(), true);
    outcomes.count(status, reasonCode);
  }
}
