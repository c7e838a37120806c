package cn.railway.tempid.frame;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Frame token wire format, version 1: a fixed 100-byte binary frame encoded with Base45 (RFC 9285)
 * into 150 characters of the QR alphanumeric alphabet. All integers are unsigned big-endian.
 *
 * <pre>
 * offset len field
 *      0   1 version                 0x01
 *      1   1 flags                   0x00 (reserved; any other value is malformed)
 *      2   2 key id                  0..65535, JWK kid = decimal string
 *      4  16 certificate id          UUID, most significant byte first
 *     20   4 window                  epochSecond / 60
 *     24   4 certificate expires at  epochSecond / 60, rounded down
 *     28   8 view-session reference  random, 0 = none
 *     36  64 Ed25519 signature       over bytes 0..35
 * </pre>
 *
 * The fixed header makes every version-1 token start with {@code "V50"} and never with a space.
 * {@link #decode} never throws anything but {@link MalformedFrameException}; it does not check the
 * signature (that is {@link FrameVerifier}'s job).
 */
public final class FrameCodec {

  public static final int PAYLOAD_LENGTH = 36;
  public static final int FRAME_LENGTH = PAYLOAD_LENGTH + Ed25519Keys.SIGNATURE_LENGTH;

  /** Base45 length of a version-1 token. */
  public static final int TOKEN_LENGTH = FRAME_LENGTH / 2 * 3 + (FRAME_LENGTH % 2) * 2;

  /** Inputs longer than this are refused before any decoding. */
  public static final int MAX_INPUT_LENGTH = 512;

  private static final int FLAGS = 0;

  private FrameCodec() {}

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

  /** The 36 payload bytes that are signed. */
  public static byte[] payload(FrameToken token) {
    ByteBuffer buffer = ByteBuffer.allocate(PAYLOAD_LENGTH);
    buffer.put((byte) token.version());
    buffer.put((byte) FLAGS);
    buffer.putShort((short) token.keyId());
    buffer.putLong(token.certificateId().getMostSignificantBits());
    buffer.putLong(token.certificateId().getLeastSignificantBits());
    buffer.putInt((int) token.window());
    buffer.putInt((int) (token.certificateExpiresAt().getEpochSecond() / 60));
    buffer.putLong(token.viewSessionRef());
    return buffer.array();
  }

  public static String encode(FrameToken token, FrameSigner signer) {
    byte[] payload = payload(token);
    byte[] signature = signer.sign(payload.clone());
    if (signature == null || signature.length != Ed25519Keys.SIGNATURE_LENGTH) {
      throw new IllegalStateException("an Ed25519 signature is 64 bytes");
    }
    byte[] frame = Arrays.copyOf(payload, FRAME_LENGTH);
    System.arraycopy(signature, 0, frame, PAYLOAD_LENGTH, signature.length);
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
    if (frame.length < 1 || (frame[0] & 0xff) != FrameToken.VERSION) {
      throw new MalformedFrameException("unknown format version");
    }
    if (frame.length != FRAME_LENGTH) {
      throw new MalformedFrameException(
          "version 1 token is " + FRAME_LENGTH + " bytes, got " + frame.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    int version = buffer.get() & 0xff;
    int flags = buffer.get() & 0xff;
    if (flags != FLAGS) {
      throw new MalformedFrameException("reserved flags set");
    }
    int keyId = buffer.getShort() & 0xffff;
    UUID certificateId = new UUID(buffer.getLong(), buffer.getLong());
    long window = buffer.getInt() & FrameToken.MAX_UINT32;
    long expiresMinute = buffer.getInt() & FrameToken.MAX_UINT32;
    long viewSessionRef = buffer.getLong();
    byte[] signature = new byte[Ed25519Keys.SIGNATURE_LENGTH];
    buffer.get(signature);
    FrameToken token =
        new FrameToken(
            version,
            keyId,
            certificateId,
            window,
            Instant.ofEpochSecond(expiresMinute * 60),
            viewSessionRef);
    return new DecodedFrame(token, Arrays.copyOf(frame, PAYLOAD_LENGTH), signature);
  }
}
