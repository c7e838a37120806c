/**
 * Issued certificates (R9, R11–R13, R17), split by job (ADR 0011): this package holds only what
 * other features use — {@code Certificate}, {@code CertificateStatus}, the events {@code
 * CertificateIssued} and {@code CertificateRevoked}, the settings {@code CertificateProperties} and
 * the ports {@code CertificateService}, {@code ViewSessions}, {@code CheckLog} (implemented here)
 * and {@code CertificateHolders} (implemented by the application feature). The parts: {@code web}
 * (REST), {@code revocation}, {@code use} (view sessions, re-verification, check log), {@code
 * issuing} (issue, status, status lists), {@code process} (the BPMN lifecycle {@code
 * temporary-id-certificate}) and {@code internal} (table rows, status indices, retention).
 */
package cn.railway.tempid.certificate;
