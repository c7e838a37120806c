package cn.railway.tempid.frame;

import static cn.railway.tempid.frame.FrameFixtures.CERTIFICATE;
import static cn.railway.tempid.frame.FrameFixtures.KEYS;
import static cn.railway.tempid.frame.FrameFixtures.NOW;
import static cn.railway.tempid.frame.FrameFixtures.frameAt;
import static cn.railway.tempid.frame.FrameFixtures.tokenAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {

  // ---- Test vectors, copied into docs/qr-frame-format.md ----
  static final byte[] VECTOR_SEED =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  static final String VECTOR_PUBLIC_X = "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg";

  /** Version 2 (issued now): with status-list index 6. */
  static final FrameToken VECTOR_FRAME =
      new FrameToken(
          2,
          1,
          UUID.fromString("6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7"),
          FrameToken.windowOf(Instant.parse("2026-01-15T08:00:00Z")),
          Instant.parse("2026-01-16T08:00:00Z"),
          0x0123456789abcdefL,
          6);

  static final String VECTOR_PAYLOAD_HEX =
      "020000016f1c2b7a3d4e4f508a6192b3c4d5e6f701c1be6005a0000000060123456789abcdef";
  static final String VECTOR_SIGNATURE_HEX =
      "8a322277b3e32a6afd9f7eccf28fda88886e8db6bf2b6386"
          + "163e5f33b2c8fb37f6060d1cb9a32d83e62c6b15b842c528c41914dcfbeceb3e5491de9bcc5f3709";
  static final String VECTOR_TOKEN =
      "HB010042EFM5YX791AAMHPOIY*O.8T:9013O0W0000600L60$Y88IHO1Q8LH3G4GXMDG5$2WF1G+TU9SR6BH8-HO7O8QCO 2Q1C3RM6YVR4VQT13LN-X5J4T8ODADNR-OQZOUS27%VCXT4VAH6ST$P4/6";

  /** Version 1 (no longer issued, still verified): the same frame without a status index. */
  static final FrameToken VECTOR_V1_FRAME =
      new FrameToken(
          1,
          1,
          UUID.fromString("6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7"),
          FrameToken.windowOf(Instant.parse("2026-01-15T08:00:00Z")),
          Instant.parse("2026-01-16T08:00:00Z"),
          0x0123456789abcdefL);

  static final String VECTOR_V1_PAYLOAD_HEX =
      "010000016f1c2b7a3d4e4f508a6192b3c4d5e6f701c1be6001c1c4000123456789abcdef";
  static final String VECTOR_V1_SIGNATURE_HEX =
      "816327bc78ee52421ec65d2f6ebc764a89b74bc1be28e477"
          + "c3ad88fd4ef07450234fbec5c4787b39cd8d0835d6b0a7d10e3e0143c7168da2fd7d0c7460c04f01";
  static final String VECTOR_V1_TOKEN =
      "V5010042EFM5YX791AAMHPOIY*O.8T:9013O:901ZOL60$Y88IHO1Q3GG215/CF/HA3+35ZB/:D..EKIH/P9Z1OW*S8XOEEH3:9VVE*K4C5OV$O0QFG:PV11F6RV9L1 1870Q7PX+H32W%P1IACK:9";

  @Test
  void testVector() throws Exception {
    Ed25519Keys.KeyPair pair = Ed25519Keys.fromPrivateKey(VECTOR_SEED);
    assertThat(VECTOR_FRAME.window()).isEqualTo(29_474_400L);
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(pair.publicKey().encoded()))
        .isEqualTo(VECTOR_PUBLIC_X);
    assertThat(HexFormat.of().formatHex(FrameCodec.payload(VECTOR_FRAME)))
        .isEqualTo(VECTOR_PAYLOAD_HEX);
    assertThat(FrameCodec.encode(VECTOR_FRAME, pair.privateKey())).isEqualTo(VECTOR_TOKEN);
    FrameCodec.DecodedFrame decoded = FrameCodec.decode(VECTOR_TOKEN);
    assertThat(decoded.token()).isEqualTo(VECTOR_FRAME);
    assertThat(decoded.token().statusIndex()).isEqualTo(6);
    assertThat(decoded.token().certificateExpiresAt())
        .isEqualTo(Instant.parse("2026-01-16T08:00:00Z"));
    assertThat(HexFormat.of().formatHex(decoded.signature())).isEqualTo(VECTOR_SIGNATURE_HEX);
    assertThat(HexFormat.of().formatHex(decoded.signedBytes())).isEqualTo(VECTOR_PAYLOAD_HEX);
  }

  @Test
  void versionOneTokensStillDecode() throws Exception {
    Ed25519Keys.KeyPair pair = Ed25519Keys.fromPrivateKey(VECTOR_SEED);
    assertThat(HexFormat.of().formatHex(FrameCodec.payload(VECTOR_V1_FRAME)))
        .isEqualTo(VECTOR_V1_PAYLOAD_HEX);
    assertThat(FrameCodec.encode(VECTOR_V1_FRAME, pair.privateKey())).isEqualTo(VECTOR_V1_TOKEN);
    FrameCodec.DecodedFrame decoded = FrameCodec.decode(VECTOR_V1_TOKEN);
    assertThat(decoded.token()).isEqualTo(VECTOR_V1_FRAME);
    assertThat(decoded.token().hasStatusIndex()).isFalse();
    assertThat(HexFormat.of().formatHex(decoded.signature())).isEqualTo(VECTOR_V1_SIGNATURE_HEX);
    assertThat(VECTOR_V1_TOKEN).hasSize(FrameCodec.TOKEN_LENGTH_V1).startsWith("V50");
  }

  /** The vector checked with the JDK's own Ed25519 (SunEC), independently of BouncyCastle. */
  @ParameterizedTest
  @ValueSource(strings = {VECTOR_TOKEN, VECTOR_V1_TOKEN})
  void testVectorAgreesWithTheJdkImplementation(String vector) throws Exception {
    FrameCodec.DecodedFrame decoded = FrameCodec.decode(vector);
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    byte[] x509 =
        concat(
            HexFormat.of().parseHex("302a300506032b6570032100"),
            Base64.getUrlDecoder().decode(VECTOR_PUBLIC_X));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(factory.generatePublic(new X509EncodedKeySpec(x509)));
    verifier.update(decoded.signedBytes());
    assertThat(verifier.verify(decoded.signature())).isTrue();

    byte[] pkcs8 = concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), VECTOR_SEED);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    signer.update(decoded.signedBytes());
    assertThat(signer.sign()).isEqualTo(decoded.signature());
  }

  @Test
  void roundTrip() throws Exception {
    FrameToken frame = frameAt(NOW);
    String token = tokenAt(NOW);
    FrameCodec.DecodedFrame decoded = FrameCodec.decode(token);
    assertThat(decoded.token()).isEqualTo(frame);
    assertThat(decoded.token().certificateId()).isEqualTo(CERTIFICATE);
    assertThat(decoded.token().certificateExpiresAt())
        .isEqualTo(Instant.parse("2026-01-16T07:59:00Z"));
    assertThat(decoded.signedBytes()).isEqualTo(FrameCodec.payload(frame));
    assertThat(KEYS.publicKey().verify(decoded.signedBytes(), decoded.signature())).isTrue();
    assertThat(frame.frameStartsAt()).isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
    assertThat(frame.frameExpiresAt()).isEqualTo(Instant.parse("2026-01-15T08:01:00Z"));
    assertThat(frame.viewSessionRefHex()).isEqualTo("1122334455667788");
    assertThat(decoded.token().statusIndex()).isEqualTo(FrameFixtures.STATUS_INDEX);
  }

  @Test
  void theStatusIndexUsesAll32Bits_andTheExpiryIsMinutesAfterTheWindow() throws Exception {
    Instant expires = Instant.parse("2026-01-16T07:59:42Z");
    FrameToken frame = FrameToken.of(65535, CERTIFICATE, expires, NOW, -1L, 0xffff_ffffL);
    FrameToken decoded = FrameCodec.decode(FrameCodec.encode(frame, KEYS.privateKey())).token();
    assertThat(decoded.statusIndex()).isEqualTo(4_294_967_295L);
    assertThat(decoded.viewSessionRef()).isEqualTo(-1L);
    assertThat(decoded.keyId()).isEqualTo(65535);
    assertThat(decoded.certificateExpiresAt()).isEqualTo(Instant.parse("2026-01-16T07:59:00Z"));
    byte[] payload = FrameCodec.payload(frame);
    // 1439 minutes from the 08:00 window to 07:59 the next day
    assertThat(HexFormat.of().formatHex(payload, 24, 26)).isEqualTo("059f");
    assertThatThrownBy(() -> FrameToken.of(1, CERTIFICATE, expires, NOW, 0, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameToken.of(1, CERTIFICATE, expires, NOW, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    // an expiry more than 65535 minutes after the window does not fit a version-2 frame
    assertThatThrownBy(
            () -> FrameToken.of(1, CERTIFICATE, NOW.plus(java.time.Duration.ofDays(46)), NOW, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenIsShortAndScansInAlphanumericModeAtVersion6M() throws Exception {
    String token = tokenAt(NOW);
    assertThat(token).hasSize(FrameCodec.TOKEN_LENGTH).hasSize(153).startsWith("HB0");
    QRCode qr = Encoder.encode(token, ErrorCorrectionLevel.M);
    assertThat(qr.getMode()).isEqualTo(Mode.ALPHANUMERIC);
    assertThat(qr.getVersion().getVersionNumber()).isEqualTo(6);
    assertThat(qr.getMatrix().getWidth()).isEqualTo(41);

    // the same 102 bytes as base64url would need byte mode and a larger symbol
    String base64url = Base64.getUrlEncoder().withoutPadding().encodeToString(Base45.decode(token));
    QRCode alternative = Encoder.encode(base64url, ErrorCorrectionLevel.M);
    assertThat(alternative.getMode()).isEqualTo(Mode.BYTE);
    assertThat(alternative.getVersion().getVersionNumber()).isEqualTo(8);
  }

  @Test
  void rejectsMalformedInput() {
    String token = tokenAt(NOW);
    byte[] frame = Base45.decode(token);
    assertMalformed(null);
    assertMalformed("");
    assertMalformed(token.substring(0, 150)); // truncated (whole groups: a version-1 length)
    assertMalformed(token.substring(0, 151)); // 3n+1 characters
    assertMalformed(token + "00"); // a trailing byte
    assertMalformed(token + token); // trailing frame
    assertMalformed(token.toLowerCase()); // not the Base45 alphabet
    assertMalformed(token.replace('V', '\u0412')); // Cyrillic look-alike
    assertMalformed(" " + token.substring(1)); // wrong first group
    assertMalformed("A".repeat(FrameCodec.MAX_INPUT_LENGTH + 1)); // huge input, capped
    assertMalformed("0".repeat(10_000_000));
    assertMalformed(Base45.encode(with(frame, 0, (byte) 3))); // unknown version
    assertMalformed(Base45.encode(with(frame, 0, (byte) 0))); // unknown version
    assertMalformed(Base45.encode(with(frame, 0, (byte) 1))); // version 1 is 100 bytes
    assertMalformed(Base45.encode(with(frame, 1, (byte) 1))); // reserved flags
    assertMalformed(Base45.encode(Arrays.copyOf(frame, 101))); // one byte short
    assertMalformed(Base45.encode(Arrays.copyOf(frame, 100))); // a version-1 length
    byte[] v1 = Base45.decode(VECTOR_V1_TOKEN);
    assertMalformed(Base45.encode(with(v1, 0, (byte) 2))); // version 2 is 102 bytes
    assertMalformed(Base45.encode(Arrays.copyOf(v1, 99)));
    assertMalformed(Base45.encode(new byte[] {1}));
  }

  private static void assertMalformed(String text) {
    assertThatThrownBy(() -> FrameCodec.decode(text))
        .isExactlyInstanceOf(MalformedFrameException.class);
  }

  static byte[] with(byte[] bytes, int index, byte value) {
    byte[] copy = bytes.clone();
    copy[index] = value;
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
