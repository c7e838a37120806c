/**
 * Checkpoints (R19): checkpoint keys (real-name rights), online verification of QR frames, the JWK
 * set and the status list for offline verification.
 */
package cn.railway.tempid.verification;
