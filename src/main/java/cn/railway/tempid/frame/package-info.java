/**
 * The QR frame token format (docs/qr-frame-format.md): Ed25519 signatures, Base45 text, JWK set,
 * status list, and an offline verifier gate vendors can read. No Spring, no Camunda, no database.
 */
package cn.railway.tempid.frame;
