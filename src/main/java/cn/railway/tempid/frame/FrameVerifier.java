package cn.railway.tempid.frame;

import cn.railway.tempid.frame.FrameCodec.DecodedFrame;
import cn.railway.tempid.frame.StatusLookup.Standing;
import cn.railway.tempid.frame.Verification.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a frame token. The checks run in this order and the first failure is the reason:
 *
 * <ol>
 *   <li>{@code MALFORMED}: the string does not decode as a version-1 frame.
 *   <li>{@code UNKNOWN_KEY}: no published key has the frame's key id.
 *   <li>{@code BAD_SIGNATURE}: the Ed25519 signature does not verify under that key. Nothing after
 *       this step reads a field that has not been authenticated.
 *   <li>{@code FRAME_EXPIRED}: the frame's window is neither the current window nor the previous
 *       one (older frames and frames from the future alike).
 *   <li>{@code UNKNOWN_KEY}: the frame's window does not start inside the key's signing period
 *       [{@code nbf}, {@code exp}): an authentic signature by a key used outside its validity is
 *       treated as if the key were unknown for that frame (not as BAD_SIGNATURE, which is kept for
 *       forgeries).
 *   <li>{@code CERTIFICATE_REVOKED}, then {@code CERTIFICATE_SUPERSEDED}: the recorded state.
 *   <li>{@code CERTIFICATE_EXPIRED}: state EXPIRED, or {@code now} at or past the expiry from the
 *       status lookup (if it knows one) or the expiry signed into the frame.
 * </ol>
 *
 * Thread-safe if the two lookups are. Never throws for any token string (exceptions from the
 * lookups themselves propagate).
 */
public final class FrameVerifier {

  private final KeyLookup keys;
  private final StatusLookup statuses;

  public FrameVerifier(KeyLookup keys, StatusLookup statuses) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
  }

  public Verification verify(String token, Instant now) {
    DecodedFrame decoded;
    try {
      decoded = FrameCodec.decode(token);
    } catch (MalformedFrameException e) {
      return Verification.rejected(Reason.MALFORMED, null);
    }
    FrameToken frame = decoded.token();

    Optional<VerificationKey> key = keys.find(frame.keyId());
    if (key.isEmpty()) {
      return Verification.rejected(Reason.UNKNOWN_KEY, frame);
    }
    if (!key.get().publicKey().verify(decoded.signedBytes(), decoded.signature())) {
      return Verification.rejected(Reason.BAD_SIGNATURE, frame);
    }

    long currentWindow = FrameToken.windowOf(now);
    if (frame.window() != currentWindow && frame.window() != currentWindow - 1) {
      return Verification.rejected(Reason.FRAME_EXPIRED, frame);
    }
    if (!key.get().validFor(frame.frameStartsAt())) {
      return Verification.rejected(Reason.UNKNOWN_KEY, frame);
    }

    Standing standing = statuses.statusOf(frame);
    if (standing == null) {
      standing = Standing.active(null);
    }
    switch (standing.state()) {
      case REVOKED:
        return Verification.rejected(Reason.CERTIFICATE_REVOKED, frame);
      case SUPERSEDED:
        return Verification.rejected(Reason.CERTIFICATE_SUPERSEDED, frame);
      case EXPIRED:
        return Verification.rejected(Reason.CERTIFICATE_EXPIRED, frame);
      case ACTIVE:
      default:
        break;
    }
    boolean expired =
        !now.isBefore(frame.certificateExpiresAt())
            || (standing.expiresAt() != null && !now.isBefore(standing.expiresAt()));
    if (expired) {
      return Verification.rejected(Reason.CERTIFICATE_EXPIRED, frame);
    }
    return Verification.accepted(frame);
  }
}
