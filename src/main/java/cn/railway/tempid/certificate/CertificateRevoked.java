package cn.railway.tempid.certificate;

/** Published (in the revoking transaction) when a certificate is revoked. */
public record CertificateRevoked(String certificateId) {}
