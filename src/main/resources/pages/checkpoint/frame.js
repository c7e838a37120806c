// QR frame tokens, decoded and verified in the browser exactly as docs/qr-frame-format.md and the
// service's frame.FrameCodec / frame.Base45 / frame.FrameVerifier specify (versions 1 and 2,
// Base45, Ed25519 over the payload before the 64-byte signature). No personal data is in a frame; nothing here talks to the
// network: the JWK set and the status list are passed in.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

// Version 2 (issued now) adds the certificate's status-list index and carries the expiry as minutes
// after the window start; version 1 (100 bytes) is still decoded and verified.
export const LAYOUTS = {
  1: { length: 100, payload: 36 },
  2: { length: 102, payload: 38 },
};
export const MAX_INPUT_LENGTH = 512;
const WINDOW_SECONDS = 60;

export class MalformedFrame extends Error {}

/** Strict Base45 (RFC 9285): one encoding per byte string, as frame.Base45. */
export function base45Decode(text) {
  if (text.length % 3 === 1) throw new MalformedFrame('Base45 length of the form 3n+1');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  const value = (i) => {
    const v = VALUES.get(text[i]);
    if (v === undefined) throw new MalformedFrame('character outside the Base45 alphabet');
    return v;
  };
  let o = 0;
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = value(i) + value(i + 1) * 45 + value(i + 2) * 2025;
    if (n > 0xffff) throw new MalformedFrame('Base45 group exceeds 65535');
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (i < text.length) {
    const n = value(i) + value(i + 1) * 45;
    if (n > 0xff) throw new MalformedFrame('Base45 final group exceeds 255');
    out[o++] = n;
  }
  return out;
}

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

function uuid(bytes) {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Decodes a version-1 or version-2 token; throws MalformedFrame for anything else. */
export function decodeFrame(token) {
  if (typeof token !== 'string' || token.length === 0) throw new MalformedFrame('empty token');
  if (token.length > MAX_INPUT_LENGTH) throw new MalformedFrame('token too long');
  const bytes = base45Decode(token);
  const layout = bytes.length > 0 ? LAYOUTS[bytes[0]] : undefined;
  if (!layout) throw new MalformedFrame('unknown format version');
  if (bytes.length !== layout.length) throw new MalformedFrame('wrong length for its version');
  if (bytes[1] !== 0) throw new MalformedFrame('reserved flags set');
  const view = new DataView(bytes.buffer);
  const window = view.getUint32(20);
  const v2 = bytes[0] === 2;
  const expiresMinute = v2 ? window + view.getUint16(24) : view.getUint32(24);
  const ref = v2 ? 30 : 28;
  return {
    version: bytes[0],
    keyId: view.getUint16(2),
    certificateId: uuid(bytes.subarray(4, 20)),
    window,
    certificateExpiresAt: expiresMinute * WINDOW_SECONDS * 1000,
    statusIndex: v2 ? view.getUint32(26) : null,
    viewSessionRef: hex(bytes.subarray(ref, ref + 8)),
    payload: bytes.slice(0, layout.payload),
    signature: bytes.slice(layout.payload),
  };
}

function base64urlDecode(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** True where this browser's WebCrypto verifies Ed25519 (current Chromium, Firefox, Safari). */
export async function ed25519Supported() {
  try {
    // the public key of the documented test vector (docs/qr-frame-format.md §7)
    const x = base64urlDecode('A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg');
    const key = await crypto.subtle.importKey('raw', x, { name: 'Ed25519' }, false, ['verify']);
    return !!key;
  } catch (e) {
    return false;
  }
}

/**
 * The usable keys of a JWK set (RFC 8037), as frame.Jwks: other kty/crv/use/alg are ignored; a
 * duplicate or non-decimal kid, a bad x or a missing nbf/exp make the whole set invalid.
 */
export async function importJwks(jwks) {
  if (!jwks || !Array.isArray(jwks.keys)) throw new Error('JWK set has no "keys" array');
  const keys = new Map();
  for (const jwk of jwks.keys) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') continue;
    const kid = String(jwk.kid);
    if (!/^(0|[1-9][0-9]{0,4})$/.test(kid) || Number(kid) > 0xffff) throw new Error('bad kid');
    if (keys.has(Number(kid))) throw new Error('duplicate kid ' + kid);
    const x = base64urlDecode(jwk.x);
    if (x.length !== 32) throw new Error('kid ' + kid + ': x is not 32 bytes');
    if (!Number.isInteger(jwk.nbf) || !Number.isInteger(jwk.exp)) throw new Error('kid ' + kid + ': nbf/exp missing');
    const key = await crypto.subtle.importKey('raw', x, { name: 'Ed25519' }, false, ['verify']);
    keys.set(Number(kid), { key, nbf: jwk.nbf * 1000, exp: jwk.exp * 1000 });
  }
  return keys;
}

/** certificateId → REVOKED | SUPERSEDED (unknown statuses count as REVOKED: fail closed). */
export function statusIndex(statusList) {
  const map = new Map();
  for (const e of (statusList && statusList.revoked) || []) {
    map.set(String(e.certificateId).toLowerCase(), e.status === 'SUPERSEDED' ? 'SUPERSEDED' : 'REVOKED');
  }
  return map;
}

/**
 * Verifies a token offline at time nowMs (epoch milliseconds) with imported keys and a status index.
 * Same order and reasons as frame.FrameVerifier: MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE,
 * FRAME_EXPIRED, UNKNOWN_KEY (outside the key's signing period), CERTIFICATE_REVOKED,
 * CERTIFICATE_SUPERSEDED, CERTIFICATE_EXPIRED.
 */
export async function verifyFrame(token, keys, statuses, nowMs) {
  let frame;
  try {
    frame = decodeFrame(token);
  } catch (e) {
    if (e instanceof MalformedFrame) return { result: 'REJECTED', reason: 'MALFORMED', frame: null };
    throw e;
  }
  const key = keys.get(frame.keyId);
  if (!key) return { result: 'REJECTED', reason: 'UNKNOWN_KEY', frame };
  const genuine = await crypto.subtle.verify({ name: 'Ed25519' }, key.key, frame.signature, frame.payload);
  if (!genuine) return { result: 'REJECTED', reason: 'BAD_SIGNATURE', frame };
  const current = Math.floor(nowMs / 1000 / WINDOW_SECONDS);
  if (frame.window !== current && frame.window !== current - 1) {
    return { result: 'REJECTED', reason: 'FRAME_EXPIRED', frame };
  }
  const startsAt = frame.window * WINDOW_SECONDS * 1000;
  if (startsAt < key.nbf || startsAt >= key.exp) return { result: 'REJECTED', reason: 'UNKNOWN_KEY', frame };
  const state = statuses.get(frame.certificateId);
  if (state === 'REVOKED') return { result: 'REJECTED', reason: 'CERTIFICATE_REVOKED', frame };
  if (state === 'SUPERSEDED') return { result: 'REJECTED', reason: 'CERTIFICATE_SUPERSEDED', frame };
  if (nowMs >= frame.certificateExpiresAt) return { result: 'REJECTED', reason: 'CERTIFICATE_EXPIRED', frame };
  return { result: 'ACCEPTED', reason: null, frame };
}
