package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * A published frame verification key (one JWK). {@code notBefore}/{@code expiresAt} bound the key's
 * <em>signing period</em>: a frame is valid under this key only if its window starts in [{@code
 * notBefore}, {@code expiresAt}). The key itself stays published longer (see
 * docs/qr-frame-format.md, key rotation).
 */
public record VerificationKey(
    int keyId, Ed25519Keys.PublicKey publicKey, Instant notBefore, Instant expiresAt) {

  public VerificationKey {
    if (keyId < 0 || keyId > 0xffff) {
      throw new IllegalArgumentException("key id must be 0..65535");
    }
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(notBefore)) {
      throw new IllegalArgumentException("expiresAt must be after notBefore");
    }
  }

  /** Whether a frame starting at {@code frameStartsAt} may be signed with this key. */
  public boolean validFor(Instant frameStartsAt) {
    return !frameStartsAt.isBefore(notBefore) && frameStartsAt.isBefore(expiresAt);
  }

  /** The JWK {@code kid}: the key id in decimal. */
  public String kid() {
    return Integer.toString(keyId);
  }
}
