package cn.railway.tempid.application.guest;

import cn.railway.tempid.application.identity.Identities;
import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.shared.privacy.FieldCipher;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The certificate a guest's lookup may reveal (R12): at the start, the person's active certificate
 * when the name on its application is the name entered; at the end, that certificate while still
 * active, once the lookup's face check passed within {@code tempid.certificate.liveness-freshness}.
 */
@Component
class LookupCertificates {
  private final ApplicationRepository applications;
  private final CertificateService certificates;
  private final FieldCipher cipher;
  private final Duration freshness;

  LookupCertificates(
      ApplicationRepository applications,
      CertificateService certificates,
      FieldCipher cipher,
      CertificateProperties properties) {
    this.applications = applications;
    this.certificates = certificates;
    this.cipher = cipher;
    this.freshness = properties.certificate().livenessFreshness();
  }

  /** The person's active certificate, if the name on its application is the one entered. */
  Optional<Certificate> activeNamed(Identity identity) {
    return certificates
        .activeFor(identity.personKey())
        .filter(
            c ->
                applications
                    .find(c.applicationId())
                    .filter(a -> a.nameEnc() != null)
                    .map(
                        a ->
                            Identities.normalise(
                                    cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT))
                                .equals(identity.name()))
                    .orElse(false));
  }

  /**
   * The certificate attached to a passed lookup check, if that check finished recently enough and
   * the certificate is still active at {@code now}.
   */
  Optional<Certificate> revealable(LivenessSession passedLookup, Instant now) {
    return Optional.of(passedLookup)
        .filter(s -> s.completedAt().isAfter(now.minus(freshness)))
        .flatMap(s -> certificates.find(s.certificateId()))
        .filter(c -> c.activeAt(now));
  }
}
