/**
 * The QR page (R10): Ed25519 signing keys with clustered, clock-driven rotation, and the current
 * 60-second frame of a certificate as JSON or PNG.
 */
package cn.railway.tempid.qr;
