/**
 * Revoking a certificate before its validity ends: {@code RevocationRequests} (by the holder after
 * a fresh face check, or by an operator) and {@code Revocations} (the revocation itself, its audit
 * and the {@code CertificateRevoked} event). Uses {@code use/} (the holder's rules, ending the view
 * sessions).
 */
package cn.railway.tempid.certificate.revocation;
