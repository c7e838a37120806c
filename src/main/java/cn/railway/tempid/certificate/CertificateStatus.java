package cn.railway.tempid.certificate;

public enum CertificateStatus {
  ACTIVE,
  EXPIRED,
  SUPERSEDED,
  REVOKED
}
