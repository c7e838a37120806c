/**
 * Engine glue of the certificate feature: the only classes that start and correlate
 * temporary-id-certificate (RuntimeService) and its service-task delegates; implements {@code
 * issuing.CertificateProcess}. Internal to the feature.
 */
package cn.railway.tempid.certificate.process;
