package cn.railway.tempid.frame;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Frame token wire format: a fixed-length binary frame encoded with Base45 (RFC 9285) into the QR
 * alphanumeric alphabet. All integers are unsigned big-endian. Version 2 (issued now, 102 bytes,
 * 153 characters):
 *
 * <pre>
 * offset len field
 *      0   1 version                 0x02
 *      1   1 flags                   0x00 (reserved; any other value is malformed)
 *      2   2 key id                  0..65535, JWK kid = decimal string
 *      4  16 certificate id          UUID, most significant byte first
 *     20   4 window                  epochSecond / 60
 *     24   2 certificate expires at  minutes after the window start (expiry rounded down)
 *     26   4 status index            the certificate's index in the status list token
 *     30   8 view-session reference  random, 0 = none
 *     38  64 Ed25519 signature       over bytes 0..37
 * </pre>
 *
 * Version 1 (100 bytes, 150 characters; decoded and verified, no longer issued) has no status index
 * and carries the expiry as a 4-byte epoch minute at offset 24, the view-session reference at 28
 * and the signature over bytes 0..35 at 36.
 *
 * <p>The fixed header makes every version-2 token start with {@code "HB0"} (version 1: {@code
 * "V50"}) and never with a space. {@link #decode} never throws anything but {@link
 * MalformedFrameException}; it does not check the signature (that is {@link FrameVerifier}'s job).
 */
public final class FrameCodec {

  /** Signed bytes of a version-2 frame. */
  public static final int PAYLOAD_LENGTH = 38;

  /** Bytes of a version-2 frame. */
  public static final int FRAME_LENGTH = PAYLOAD_LENGTH + Ed25519Keys.SIGNATURE_LENGTH;

  /** Base45 length of a version-2 token. */
  public static final int TOKEN_LENGTH = base45Length(FRAME_LENGTH);

  public static final int PAYLOAD_LENGTH_V1 = 36;
  public static final int FRAME_LENGTH_V1 = PAYLOAD_LENGTH_V1 + Ed25519Keys.SIGNATURE_LENGTH;
  public static final int TOKEN_LENGTH_V1 = base45Length(FRAME_LENGTH_V1);

  /** Inputs longer than this are refused before any decoding. */
  public static final int MAX_INPUT_LENGTH = 512;

  private static final int FLAGS = 0;

  private FrameCodec() {}

  private static int base45Length(int bytes) {
    return bytes / 2 * 3 + (bytes % 2) * 2;
  }

  /** The parts of a decoded token: what was signed, and the signature over it. */
  public record DecodedFrame(FrameToken token, byte[] signedBytes, byte[] signature) {
    public DecodedFrame {
      signedBytes = signedBytes.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] signedBytes() {
      return signedBytes.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  /** The payload bytes that are signed (38 in version 2, 36 in version 1). */
  public static byte[] payload(FrameToken token) {
    boolean v1 = token.version() == FrameToken.VERSION_1;
    ByteBuffer buffer = ByteBuffer.allocate(v1 ? PAYLOAD_LENGTH_V1 : PAYLOAD_LENGTH);
    buffer.put((byte) token.version());
    buffer.put((byte) FLAGS);
    buffer.putShort((short) token.keyId());
    buffer.putLong(token.certificateId().getMostSignificantBits());
    buffer.putLong(token.certificateId().getLeastSignificantBits());
    buffer.putInt((int) token.window());
    long expiresMinute = token.certificateExpiresAt().getEpochSecond() / 60;
    if (v1) {
      buffer.putInt((int) expiresMinute);
    } else {
      buffer.putShort((short) (expiresMinute - token.window()));
      buffer.putInt((int) token.statusIndex());
    }
    buffer.putLong(token.viewSessionRef());
    return buffer.array();
  }

  public static String encode(FrameToken token, FrameSigner signer) {
    byte[] payload = payload(token);
    byte[] signature = signer.sign(payload.clone());
    if (signature == null || signature.length != Ed25519Keys.SIGNATURE_LENGTH) {
      throw new IllegalStateException("an Ed25519 signature is 64 bytes");
    }
    byte[] frame = Arrays.copyOf(payload, payload.length + signature.length);
    System.arraycopy(signature, 0, frame, payload.length, signature.length);
    return Base45.encode(frame);
  }

  public static DecodedFrame decode(String text) throws MalformedFrameException {
    if (text == null || text.isEmpty()) {
      throw new MalformedFrameException("empty token");
    }
    if (text.length() > MAX_INPUT_LENGTH) {
      throw new MalformedFrameException("token longer than " + MAX_INPUT_LENGTH + " characters");
    }
    byte[] frame;
    try {
      frame = Base45.decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedFrameException("not Base45: " + e.getMessage());
    }
    int version = frame.length < 1 ? -1 : frame[0] & 0xff;
    int expectedLength;
    if (version == FrameToken.VERSION) {
      expectedLength = FRAME_LENGTH;
    } else if (version == FrameToken.VERSION_1) {
      expectedLength = FRAME_LENGTH_V1;
    } else {
      throw new MalformedFrameException("unknown format version");
    }
    if (frame.length != expectedLength) {
      throw new MalformedFrameException(
          "version " + version + " token is " + expectedLength + " bytes, got " + frame.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    buffer.get(); // version
    int flags = buffer.get() & 0xff;
    if (flags != FLAGS) {
      throw new MalformedFrameException("reserved flags set");
    }
    int keyId = buffer.getShort() & 0xffff;
    UUID certificateId = new UUID(buffer.getLong(), buffer.getLong());
    long window = buffer.getInt() & FrameToken.MAX_UINT32;
    long expiresMinute;
    long statusIndex;
    if (version == FrameToken.VERSION_1) {
      expiresMinute = buffer.getInt() & FrameToken.MAX_UINT32;
      statusIndex = FrameToken.NO_STATUS_INDEX;
    } else {
      expiresMinute = window + (buffer.getShort() & FrameToken.MAX_UINT16);
      statusIndex = buffer.getInt() & FrameToken.MAX_UINT32;
    }
    long viewSessionRef = buffer.getLong();
    byte[] signature = new byte[Ed25519Keys.SIGNATURE_LENGTH];
    buffer.get(signature);
    FrameToken token;
    try {
      token =
          new FrameToken(
              version,
              keyId,
              certificateId,
              window,
              Instant.ofEpochSecond(expiresMinute * 60),
              viewSessionRef,
              statusIndex);
    } catch (IllegalArgumentException e) {
      // e.g. a version-2 expiry past the 32-bit minute range
      throw new MalformedFrameException("field out of range");
    }
    int payloadLength = expectedLength - Ed25519Keys.SIGNATURE_LENGTH;
    return new DecodedFrame(token, Arrays.copyOf(frame, payloadLength), signature);
  }
}
