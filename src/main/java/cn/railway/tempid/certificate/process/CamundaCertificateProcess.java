package cn.railway.tempid.certificate.process;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateIssued;
import cn.railway.tempid.certificate.CertificateRevoked;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.issuing.CertificateProcess;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The one class of the certificate feature that talks to Camunda's runtime. */
@Component
class CamundaCertificateProcess implements CertificateProcess {
  static final String PROCESS_KEY = CertificateLifecycle.PROCESS_KEY;

  private final RuntimeService runtime;
  private final CertificateService certificates;

  CamundaCertificateProcess(RuntimeService runtime, CertificateService certificates) {
    this.runtime = runtime;
    this.certificates = certificates;
  }

  @Override
  public void start(Certificate certificate) {
    runtime.startProcessInstanceByKey(
        PROCESS_KEY,
        certificate.id(),
        Map.of(
            CertificateLifecycle.CERTIFICATE_ID, certificate.id(),
            CertificateLifecycle.RENEWAL_OPENS_AT, Date.from(certificate.renewalOpensAt()),
            CertificateLifecycle.EXPIRES_AT, Date.from(certificate.expiresAt())));
  }

  @Override
  public void withdrawn(String certificateId) {
    if (waitsFor(CertificateLifecycle.MESSAGE_CERTIFICATE_WITHDRAWN, certificateId)) {
      correlate(
          runtime
              .createMessageCorrelation(CertificateLifecycle.MESSAGE_CERTIFICATE_WITHDRAWN)
              .processInstanceBusinessKey(certificateId));
    }
  }

  @Override
  public void revoked(String certificateId) {
    if (waitsFor(CertificateLifecycle.MESSAGE_CERTIFICATE_REVOKED, certificateId)) {
      correlate(
          runtime
              .createMessageCorrelation(CertificateLifecycle.MESSAGE_CERTIFICATE_REVOKED)
              .processInstanceBusinessKey(certificateId));
    }
  }

  @Override
  public void viewSessionStarted(String certificateId, String viewSessionId) {
    if (!waitsFor(CertificateLifecycle.MESSAGE_VIEW_SESSION_STARTED, certificateId)) {
      return; // the lifecycle already ended; the view session's stored expiry still applies
    }
    correlate(
        runtime
            .createMessageCorrelation(CertificateLifecycle.MESSAGE_VIEW_SESSION_STARTED)
            .processInstanceBusinessKey(certificateId)
            .setVariableLocal(CertificateLifecycle.VIEW_SESSION_ID, viewSessionId));
  }

  /** Issued in the issuing transaction: start its lifecycle and end the one it supersedes. */
  @EventListener
  void onIssued(CertificateIssued event) {
    start(certificates.find(event.certificateId()).orElseThrow());
    if (event.supersededId() != null) {
      withdrawn(event.supersededId());
    }
  }

  /** Revoked in the revoking transaction: its lifecycle ends with it (Cockpit shows why). */
  @EventListener
  void onRevoked(CertificateRevoked event) {
    revoked(event.certificateId());
  }

  /**
   * Checked before correlating: a failed correlation marks the surrounding Spring transaction
   * rollback-only even when its exception is caught.
   */
  private boolean waitsFor(String message, String certificateId) {
    return runtime
            .createExecutionQuery()
            .processInstanceBusinessKey(certificateId)
            .messageEventSubscriptionName(message)
            .count()
        > 0;
  }

  private static void correlate(
      org.camunda.bpm.engine.runtime.MessageCorrelationBuilder correlation) {
    try {
      correlation.correlateWithResult();
    } catch (MismatchingMessageCorrelationException alreadyEnded) {
      // the lifecycle already ended (expired or withdrawn): the stored status is the authority
    }
  }
}
