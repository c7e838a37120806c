package cn.railway.tempid.certificate.issuing;

import cn.railway.tempid.certificate.Certificate;

/**
 * The certificate lifecycle as a running process (BPMN {@code temporary-id-certificate}); the
 * Camunda adapter lives in {@code process/}.
 */
public interface CertificateProcess {

  /** Starts the lifecycle of a newly issued certificate (renewal-window and expiry timers). */
  void start(Certificate certificate);

  /** The certificate was superseded before its expiry: the lifecycle ends now. */
  void withdrawn(String certificateId);

  /** The certificate was revoked (holder or operator): the lifecycle ends through a message. */
  void revoked(String certificateId);

  /** A view session started: its 30-minute timer runs in the certificate's process. */
  void viewSessionStarted(String certificateId, String viewSessionId);
}
