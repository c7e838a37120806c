package cn.railway.tempid.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Properties of the QR frame codec (docs/qr-frame-format.md) on generated frames (jqwik): every
 * frame survives encoding and decoding unchanged at the fixed token length, any text whatsoever
 * either decodes or is a {@link MalformedFrameException} (never another failure), and no
 * single-character change of a signed token is ever accepted by the verifier.
 */
class FrameCodecProperties {
  private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  /** Version-2 frames (issued now) and version-1 frames (still decoded), every field's range. */
  @Provide
  Arbitrary<FrameToken> frames() {
    Arbitrary<Integer> keyId = Arbitraries.integers().between(0, 0xffff);
    Arbitrary<UUID> certificate =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    Arbitrary<Long> window = Arbitraries.longs().between(0, FrameToken.MAX_UINT32);
    Arbitrary<Instant> expires =
        Arbitraries.longs()
            .between(0, FrameToken.MAX_UINT32)
            .map(minute -> Instant.ofEpochSecond(minute * 60));
    Arbitrary<Long> viewSession = Arbitraries.longs();
    Arbitrary<FrameToken> versionOne =
        Combinators.combine(keyId, certificate, window, expires, viewSession)
            .as((k, c, w, e, v) -> new FrameToken(FrameToken.VERSION_1, k, c, w, e, v));
    // version 2 carries the expiry as 0..65535 minutes after the window
    Arbitrary<Long> minutesAfter = Arbitraries.longs().between(0, FrameToken.MAX_UINT16);
    Arbitrary<Long> statusIndex = Arbitraries.longs().between(0, FrameToken.MAX_UINT32);
    Arbitrary<FrameToken> versionTwo =
        Combinators.combine(keyId, certificate, window, minutesAfter, viewSession, statusIndex)
            .as(
                (k, c, w, m, v, i) ->
                    new FrameToken(
                        FrameToken.VERSION,
                        k,
                        c,
                        w,
                        Instant.ofEpochSecond(Math.min(w + m, FrameToken.MAX_UINT32) * 60),
                        v,
                        i));
    return Arbitraries.oneOf(versionTwo, versionTwo, versionOne);
  }

  @Property(tries = 500)
  void everyFrame_decodesToItself_atTheFixedTokenLength(@ForAll("frames") FrameToken frame)
      throws Exception {
    String token = FrameCodec.encode(frame, FrameFixtures.KEYS.privateKey());

    FrameCodec.DecodedFrame decoded = FrameCodec.decode(token);

    assertThat(token)
        .hasSize(
            frame.version() == FrameToken.VERSION
                ? FrameCodec.TOKEN_LENGTH
                : FrameCodec.TOKEN_LENGTH_V1);
    assertThat(BASE45.chars().boxed().toList()).containsAll(token.chars().boxed().toList());
    assertThat(decoded.token()).isEqualTo(frame);
    assertThat(decoded.signedBytes()).isEqualTo(FrameCodec.payload(frame));
  }

  @Property(tries = 2000)
  void anyTextAtAll_decodesOrIsMalformed(@ForAll @StringLength(max = 600) String text) {
    assertDecodesOrMalformed(text);
  }

  @Property(tries = 2000)
  void anyBase45TextNearTheTokenLength_decodesOrIsMalformed(@ForAll("base45Texts") String text) {
    assertDecodesOrMalformed(text);
  }

  @Provide
  Arbitrary<String> base45Texts() {
    return Arbitraries.strings()
        .withChars(BASE45)
        .ofMinLength(FrameCodec.TOKEN_LENGTH_V1 - 3)
        .ofMaxLength(FrameCodec.TOKEN_LENGTH + 3);
  }

  private static void assertDecodesOrMalformed(String text) {
    try {
      FrameCodec.DecodedFrame decoded = FrameCodec.decode(text);
      assertThat(decoded.token().version()).isIn(FrameToken.VERSION, FrameToken.VERSION_1);
      assertThat(decoded.signature()).hasSize(Ed25519Keys.SIGNATURE_LENGTH);
    } catch (MalformedFrameException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 1000)
  void noSingleCharacterChange_ofASignedToken_isEverAccepted(
      @ForAll @IntRange(min = 0, max = 10_000) int anyPosition,
      @ForAll @IntRange(min = 1, max = 44) int shift) {
    String token = FrameFixtures.tokenAt(FrameFixtures.NOW);
    assertThat(token).hasSize(FrameCodec.TOKEN_LENGTH);
    int position = anyPosition % token.length();
    char[] chars = token.toCharArray();
    chars[position] = BASE45.charAt((BASE45.indexOf(chars[position]) + shift) % BASE45.length());
    String changed = new String(chars);

    Verification verification = FrameFixtures.activeVerifier().verify(changed, FrameFixtures.NOW);

    assertThat(verification.accepted()).as("changed at %d: %s", position, verification).isFalse();
  }
}
