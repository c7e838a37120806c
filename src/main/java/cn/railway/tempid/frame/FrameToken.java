package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The signed content of one 60-second QR frame (format version 1, see docs/qr-frame-format.md). No
 * personal data: a key id, the certificate's random id, the frame window, the certificate's expiry
 * and a random view-session reference.
 *
 * @param version format version, {@value #VERSION}
 * @param keyId id of the signing key, 0..65535 (JWK {@code kid} is its decimal form)
 * @param certificateId the certificate (carried as its 16 bytes)
 * @param window {@code epochSecond / 60}: the frame is current from {@link #frameStartsAt()} to
 *     {@link #frameExpiresAt()}
 * @param certificateExpiresAt when the certificate expires, at minute precision: the canonical
 *     constructor rounds it DOWN to the minute, so an offline checkpoint refuses at most 59 s early
 *     and never late
 * @param viewSessionRef 8 random bytes naming the view session the frame was shown in ({@value
 *     #NO_VIEW_SESSION} = none); lets the server tell a second device from a replayed screenshot
 */
public record FrameToken(
    int version,
    int keyId,
    UUID certificateId,
    long window,
    Instant certificateExpiresAt,
    long viewSessionRef) {

  public static final int VERSION = 1;
  public static final long NO_VIEW_SESSION = 0L;
  public static final long WINDOW_SECONDS = 60;
  static final long MAX_UINT32 = 0xffff_ffffL;

  public FrameToken {
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported frame version " + version);
    }
    if (keyId < 0 || keyId > 0xffff) {
      throw new IllegalArgumentException("key id must be 0..65535");
    }
    Objects.requireNonNull(certificateId, "certificateId");
    if (window < 0 || window > MAX_UINT32) {
      throw new IllegalArgumentException("window out of range");
    }
    Objects.requireNonNull(certificateExpiresAt, "certificateExpiresAt");
    long minutes = Math.floorDiv(certificateExpiresAt.getEpochSecond(), 60);
    if (minutes < 0 || minutes > MAX_UINT32) {
      throw new IllegalArgumentException("certificateExpiresAt out of range");
    }
    certificateExpiresAt = Instant.ofEpochSecond(minutes * 60);
  }

  /** The version-1 frame for the window containing {@code now}. */
  public static FrameToken of(
      int keyId,
      UUID certificateId,
      Instant certificateExpiresAt,
      Instant now,
      long viewSessionRef) {
    return new FrameToken(
        VERSION, keyId, certificateId, windowOf(now), certificateExpiresAt, viewSessionRef);
  }

  /** {@code floor(epochSecond / 60)}. */
  public static long windowOf(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), WINDOW_SECONDS);
  }

  /** The start of the window containing {@code instant}. */
  public static Instant windowStart(Instant instant) {
    return Instant.ofEpochSecond(windowOf(instant) * WINDOW_SECONDS);
  }

  public Instant frameStartsAt() {
    return Instant.ofEpochSecond(window * WINDOW_SECONDS);
  }

  /** The end of this frame's own minute; checkpoints still accept it for one more window (skew). */
  public Instant frameExpiresAt() {
    return frameStartsAt().plusSeconds(WINDOW_SECONDS);
  }

  public boolean hasViewSession() {
    return viewSessionRef != NO_VIEW_SESSION;
  }

  /** The view-session reference as 16 lower-case hex digits. */
  public String viewSessionRefHex() {
    return HexFormat.of().toHexDigits(viewSessionRef);
  }
}
