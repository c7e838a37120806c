package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The signed content of one 60-second QR frame (see docs/qr-frame-format.md). No personal data: a
 * key id, the certificate's random id, the frame window, the certificate's expiry, its index in the
 * published status list and a random view-session reference.
 *
 * <p>Version {@value #VERSION} (current) carries the certificate's status-list index; version
 * {@value #VERSION_1} (still decoded and verified, no longer issued) does not ({@link
 * #NO_STATUS_INDEX}).
 *
 * @param version format version, {@value #VERSION_1} or {@value #VERSION}
 * @param keyId id of the signing key, 0..65535 (JWK {@code kid} is its decimal form)
 * @param certificateId the certificate (carried as its 16 bytes)
 * @param window {@code epochSecond / 60}: the frame is current from {@link #frameStartsAt()} to
 *     {@link #frameExpiresAt()}
 * @param certificateExpiresAt when the certificate expires, at minute precision: the canonical
 *     constructor rounds it DOWN to the minute, so an offline checkpoint refuses at most 59 s early
 *     and never late. Version 2 carries it as minutes after the window start (0..65535)
 * @param viewSessionRef 8 random bytes naming the view session the frame was shown in ({@value
 *     #NO_VIEW_SESSION} = none); lets the server tell a second device from a replayed screenshot
 * @param statusIndex the certificate's index in the status list token (0..4294967295); {@value
 *     #NO_STATUS_INDEX} in version 1
 */
public record FrameToken(
    int version,
    int keyId,
    UUID certificateId,
    long window,
    Instant certificateExpiresAt,
    long viewSessionRef,
    long statusIndex) {

  /** The version issued now: with the status-list index. */
  public static final int VERSION = 2;

  /** The first version, without a status-list index. */
  public static final int VERSION_1 = 1;

  public static final long NO_VIEW_SESSION = 0L;
  public static final long NO_STATUS_INDEX = -1L;
  public static final long WINDOW_SECONDS = 60;
  static final long MAX_UINT32 = 0xffff_ffffL;
  static final long MAX_UINT16 = 0xffffL;

  public FrameToken {
    if (version != VERSION && version != VERSION_1) {
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
    if (version == VERSION) {
      if (minutes - window < 0 || minutes - window > MAX_UINT16) {
        throw new IllegalArgumentException(
            "a version-2 frame carries the expiry as 0..65535 minutes after its window");
      }
      if (statusIndex < 0 || statusIndex > MAX_UINT32) {
        throw new IllegalArgumentException("status index must be 0..4294967295");
      }
    } else if (statusIndex != NO_STATUS_INDEX) {
      throw new IllegalArgumentException("a version-1 frame has no status index");
    }
    certificateExpiresAt = Instant.ofEpochSecond(minutes * 60);
  }

  /** A version-1 frame (no status-list index). */
  public FrameToken(
      int version,
      int keyId,
      UUID certificateId,
      long window,
      Instant certificateExpiresAt,
      long viewSessionRef) {
    this(
        version,
        keyId,
        certificateId,
        window,
        certificateExpiresAt,
        viewSessionRef,
        NO_STATUS_INDEX);
  }

  /** The current-version frame for the window containing {@code now}. */
  public static FrameToken of(
      int keyId,
      UUID certificateId,
      Instant certificateExpiresAt,
      Instant now,
      long viewSessionRef,
      long statusIndex) {
    return new FrameToken(
        VERSION,
        keyId,
        certificateId,
        windowOf(now),
        certificateExpiresAt,
        viewSessionRef,
        statusIndex);
  }

  /** A version-1 frame (no status-list index) for the window containing {@code now}. */
  public static FrameToken versionOneOf(
      int keyId,
      UUID certificateId,
      Instant certificateExpiresAt,
      Instant now,
      long viewSessionRef) {
    return new FrameToken(
        VERSION_1, keyId, certificateId, windowOf(now), certificateExpiresAt, viewSessionRef);
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

  /** Whether the frame names its certificate's index in the status list token (version 2 on). */
  public boolean hasStatusIndex() {
    return statusIndex != NO_STATUS_INDEX;
  }

  /** The view-session reference as 16 lower-case hex digits. */
  public String viewSessionRefHex() {
    return HexFormat.of().toHexDigits(viewSessionRef);
  }
}
