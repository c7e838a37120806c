package cn.railway.tempid.certificate.process;

import cn.railway.tempid.certificate.issuing.IssuedCertificates;
import cn.railway.tempid.certificate.use.ViewSessionStore;
import cn.railway.tempid.shared.observability.LogContext;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code temporary-id-certificate}: thin calls into the certificate feature.
 * Each runs with the certificate id in the log context ({@link LogContext#certificate}).
 */
@Configuration(proxyBeanMethods = false)
class CertificateDelegates {
  private static final Logger log = LoggerFactory.getLogger(CertificateDelegates.class);

  /** R17: from now on the holder may apply for the next certificate (the stored instant rules). */
  @Bean
  JavaDelegate openRenewalWindowDelegate() {
    return execution ->
        LogContext.certificate(
            execution.getProcessBusinessKey(),
            () ->
                log.info(
                    "Renewal window open for certificate {}", execution.getProcessBusinessKey()));
  }

  @Bean
  JavaDelegate expireCertificateDelegate(IssuedCertificates certificates, ViewSessionStore views) {
    return execution ->
        LogContext.certificate(
            execution.getProcessBusinessKey(),
            () -> {
              certificates.expire(execution.getProcessBusinessKey());
              views.endAllOf(execution.getProcessBusinessKey(), "CERTIFICATE_EXPIRED");
            });
  }

  @Bean
  JavaDelegate endViewSessionsDelegate(ViewSessionStore views) {
    return execution ->
        LogContext.certificate(
            execution.getProcessBusinessKey(),
            () -> views.endAllOf(execution.getProcessBusinessKey(), "CERTIFICATE_WITHDRAWN"));
  }

  @Bean
  JavaDelegate lockViewSessionDelegate(ViewSessionStore views) {
    return execution -> {
      String viewSessionId = (String) execution.getVariable(CertificateLifecycle.VIEW_SESSION_ID);
      LogContext.certificate(execution.getProcessBusinessKey(), () -> views.lock(viewSessionId));
    };
  }
}
