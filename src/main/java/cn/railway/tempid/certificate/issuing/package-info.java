/**
 * Issuing certificates and their stored status: {@code IssuedCertificates} (issue, find, expire,
 * the holder's ID number and ticket match; the implementation of {@code CertificateService}),
 * {@code StatusListReads} (what the status lists publish) and {@code CertificateProcess} (the
 * lifecycle as a running process, implemented in {@code process/}). Uses {@code internal/}.
 */
package cn.railway.tempid.certificate.issuing;
