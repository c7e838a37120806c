package cn.railway.tempid.certificate;

import cn.railway.tempid.liveness.LivenessProvider;

/**
 * Whose face a re-verification must capture: the holder's identity, for the liveness provider to
 * compare with the authoritative ID photo. The application feature, which keeps the encrypted
 * identity, provides it (so this feature does not depend on it).
 */
public interface CertificateHolders {

  /** The holder of a certificate, decrypted for the provider call only; never stored or logged. */
  LivenessProvider.Subject subjectOf(Certificate certificate);
}
