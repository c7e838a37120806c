package cn.railway.tempid.certificate;

/** Published (in the issuing transaction) when a certificate is issued. */
public record CertificateIssued(String certificateId, String applicationId, String supersededId) {}
