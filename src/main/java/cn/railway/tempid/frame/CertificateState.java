package cn.railway.tempid.frame;

/**
 * The certificate states a checkpoint distinguishes (same names as the API's certificate status).
 */
public enum CertificateState {
  ACTIVE,
  EXPIRED,
  SUPERSEDED,
  REVOKED
}
