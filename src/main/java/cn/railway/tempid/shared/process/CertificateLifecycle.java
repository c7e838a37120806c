package cn.railway.tempid.shared.process;

/**
 * Every name of the BPMN process {@code processes/temporary-id-certificate.bpmn} that Java code
 * uses: the process key, its messages and its variables ({@code ProcessModelLintTest} proves the
 * model still declares them).
 */
public final class CertificateLifecycle {
  public static final String PROCESS_KEY = "temporary-id-certificate";

  // messages the lifecycle waits for
  public static final String MESSAGE_CERTIFICATE_WITHDRAWN = "CertificateWithdrawn";
  public static final String MESSAGE_CERTIFICATE_REVOKED = "CertificateRevoked";
  public static final String MESSAGE_VIEW_SESSION_STARTED = "ViewSessionStarted";

  // process variables (references and instants only)
  public static final String CERTIFICATE_ID = "certificateId";
  public static final String RENEWAL_OPENS_AT = "renewalOpensAt";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String VIEW_SESSION_ID = "viewSessionId";

  private CertificateLifecycle() {}
}
