/**
 * The certificate feature's REST API: {@code CertificateController} (the holder's certificate, QR
 * view sessions, re-verification, check log, revocation) and {@code OperatorRevocationController}.
 * Request mapping and validation only; uses {@code use/} and {@code revocation/}.
 */
package cn.railway.tempid.certificate.web;
