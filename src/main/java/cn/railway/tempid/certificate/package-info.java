/**
 * Issued certificates (R9, R11–R13, R17): status by the stored instants, view sessions of the QR
 * page, re-verification, and the BPMN lifecycle {@code temporary-id-certificate} (glue in {@code
 * process/}).
 */
package cn.railway.tempid.certificate;
