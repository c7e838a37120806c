package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateHolders;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.shared.privacy.FieldCipher;
import org.springframework.stereotype.Component;

/** A certificate's holder is the applicant of the application that issued it. */
@Component
class ApplicationCertificateHolders implements CertificateHolders {
  private final ApplicationRepository applications;
  private final FieldCipher cipher;

  ApplicationCertificateHolders(ApplicationRepository applications, FieldCipher cipher) {
    this.applications = applications;
    this.cipher = cipher;
  }

  @Override
  public LivenessProvider.Subject subjectOf(Certificate certificate) {
    ApplicationRecord a = applications.get(certificate.applicationId());
    if (a.nameEnc() == null || a.idNumberEnc() == null) {
      // purged only once nothing of the case is valid any more (retention)
      throw new IllegalStateException("the identity of this certificate's holder was purged");
    }
    return new LivenessProvider.Subject(
        cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT),
        cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT));
  }
}
