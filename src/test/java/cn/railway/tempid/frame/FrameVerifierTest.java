package cn.railway.tempid.frame;

import static cn.railway.tempid.frame.FrameFixtures.CERTIFICATE;
import static cn.railway.tempid.frame.FrameFixtures.CERTIFICATE_EXPIRES;
import static cn.railway.tempid.frame.FrameFixtures.KEYS;
import static cn.railway.tempid.frame.FrameFixtures.KEY_ID;
import static cn.railway.tempid.frame.FrameFixtures.NOW;
import static cn.railway.tempid.frame.FrameFixtures.activeVerifier;
import static cn.railway.tempid.frame.FrameFixtures.frameAt;
import static cn.railway.tempid.frame.FrameFixtures.tokenAt;
import static cn.railway.tempid.frame.FrameFixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.frame.StatusLookup.Standing;
import cn.railway.tempid.frame.Verification.Reason;
import cn.railway.tempid.frame.Verification.Result;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameVerifierTest {

  private final FrameVerifier verifier = activeVerifier();

  @ParameterizedTest(name = "frame at {0}, checked at {1}: {2}")
  @CsvSource({
    // current window, from its first to its last second
    "2026-01-15T08:00:00Z, 2026-01-15T08:00:00Z, ACCEPTED",
    "2026-01-15T08:00:00Z, 2026-01-15T08:00:59Z, ACCEPTED",
    // previous window (clock skew)
    "2026-01-15T08:00:00Z, 2026-01-15T08:01:00Z, ACCEPTED",
    "2026-01-15T08:00:59Z, 2026-01-15T08:01:59Z, ACCEPTED",
    // two windows old, and older
    "2026-01-15T08:00:59Z, 2026-01-15T08:02:00Z, FRAME_EXPIRED",
    "2026-01-15T07:00:00Z, 2026-01-15T08:00:30Z, FRAME_EXPIRED",
    // from the future, even one second ahead of the checkpoint's clock
    "2026-01-15T08:01:00Z, 2026-01-15T08:00:59Z, FRAME_EXPIRED",
    "2026-01-15T09:00:00Z, 2026-01-15T08:00:30Z, FRAME_EXPIRED"
  })
  void acceptsTheCurrentAndThePreviousWindowOnly(
      Instant frameAt, Instant checkedAt, String expected) {
    Verification verification = verifier.verify(tokenAt(frameAt), checkedAt);
    assertThat(verification.reason() == null ? "ACCEPTED" : verification.reason().name())
        .isEqualTo(expected);
  }

  @Test
  void acceptedVerificationCarriesTheToken() {
    Verification verification = verifier.verify(tokenAt(NOW), NOW);
    assertThat(verification.result()).isEqualTo(Result.ACCEPTED);
    assertThat(verification.accepted()).isTrue();
    assertThat(verification.token()).isEqualTo(frameAt(NOW));
  }

  @Test
  void forgedPayloadByteIsABadSignature() {
    byte[] frame = Base45.decode(tokenAt(NOW));
    frame[10] ^= 0x01; // inside the certificate id
    assertThat(verifier.verify(Base45.encode(frame), NOW).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    byte[] signature = Base45.decode(tokenAt(NOW));
    signature[99] ^= 0x40;
    assertThat(verifier.verify(Base45.encode(signature), NOW).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void truncatedTokenIsMalformed() {
    String token = tokenAt(NOW);
    assertThat(verifier.verify(token.substring(0, 147), NOW).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(verifier.verify(token.substring(0, 10), NOW).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(verifier.verify(null, NOW).reason()).isEqualTo(Reason.MALFORMED);
  }

  /** A truncated signature, re-encoded to the full length with zero bytes, must not verify. */
  @Test
  void truncatedSignaturePaddedBackIsABadSignature() {
    byte[] frame = Base45.decode(tokenAt(NOW));
    java.util.Arrays.fill(frame, 68, 100, (byte) 0);
    assertThat(verifier.verify(Base45.encode(frame), NOW).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void tokenSignedByAnotherKeyUnderTheSameKidIsABadSignature() {
    Ed25519Keys.KeyPair impostor = Ed25519Keys.generate();
    String token = FrameCodec.encode(frameAt(NOW), impostor.privateKey());
    assertThat(verifier.verify(token, NOW).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void unknownKidIsUnknownKey() {
    FrameToken frame = FrameToken.of(KEY_ID + 1, CERTIFICATE, CERTIFICATE_EXPIRES, NOW, 0, 3);
    String token = FrameCodec.encode(frame, KEYS.privateKey());
    Verification verification = verifier.verify(token, NOW);
    assertThat(verification.reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(verification.token().keyId()).isEqualTo(KEY_ID + 1);
  }

  @Test
  void keyUsedOutsideItsSigningPeriodIsUnknownKey() {
    VerificationKey retired =
        new VerificationKey(
            KEY_ID,
            KEYS.publicKey(),
            Instant.parse("2025-12-01T00:00:00Z"),
            Instant.parse("2026-01-15T08:00:00Z"));
    VerificationKey future =
        new VerificationKey(
            KEY_ID,
            KEYS.publicKey(),
            Instant.parse("2026-01-15T08:01:00Z"),
            Instant.parse("2026-02-15T00:00:00Z"));
    StatusLookup active = id -> Standing.active(CERTIFICATE_EXPIRES);
    String token = tokenAt(NOW); // window starting 08:00:00

    assertThat(
            new FrameVerifier(KeyLookup.of(List.of(retired)), active).verify(token, NOW).reason())
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(new FrameVerifier(KeyLookup.of(List.of(future)), active).verify(token, NOW).reason())
        .isEqualTo(Reason.UNKNOWN_KEY);
    // the last frame signed before the key's exp is still accepted during the skew window
    String last = tokenAt(Instant.parse("2026-01-15T07:59:59Z"));
    assertThat(
            new FrameVerifier(KeyLookup.of(List.of(retired)), active)
                .verify(last, Instant.parse("2026-01-15T08:00:59Z"))
                .accepted())
        .isTrue();
  }

  @Test
  void forgeryUnderAnUnknownKeyIsNotReportedAsExpiredOrRevoked() {
    // the signature is checked before the window and the certificate
    Instant longAgo = Instant.parse("2025-06-01T00:00:00Z");
    byte[] frame =
        Base45.decode(
            FrameCodec.encode(
                FrameToken.of(KEY_ID, CERTIFICATE, longAgo.plusSeconds(86_400), longAgo, 1, 3),
                KEYS.privateKey()));
    frame[40] ^= 1;
    Verification verification =
        verifier(id -> new Standing(CertificateState.REVOKED, null))
            .verify(Base45.encode(frame), NOW);
    assertThat(verification.reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @CsvSource({
    "REVOKED, CERTIFICATE_REVOKED",
    "SUPERSEDED, CERTIFICATE_SUPERSEDED",
    "EXPIRED, CERTIFICATE_EXPIRED"
  })
  void recordedStatusRejects(CertificateState state, Reason reason) {
    Verification verification =
        verifier(id -> new Standing(state, CERTIFICATE_EXPIRES)).verify(tokenAt(NOW), NOW);
    assertThat(verification.result()).isEqualTo(Result.REJECTED);
    assertThat(verification.reason()).isEqualTo(reason);
  }

  @Test
  void certificatePastItsExpiryIsExpiredEvenWhileStillRecordedActive() {
    Instant expiry = Instant.parse("2026-01-15T08:00:20Z");
    FrameVerifier online = verifier(id -> Standing.active(expiry));
    assertThat(online.verify(tokenAt(NOW), Instant.parse("2026-01-15T08:00:19Z")).accepted())
        .isTrue();
    assertThat(online.verify(tokenAt(NOW), NOW).reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void offlineExpiryComesFromTheFrameRoundedDownToTheMinute() {
    FrameVerifier offline = verifier(id -> Standing.active(null));
    FrameToken frame =
        FrameToken.of(KEY_ID, CERTIFICATE, Instant.parse("2026-01-15T08:01:45Z"), NOW, 0, 3);
    String token = FrameCodec.encode(frame, KEYS.privateKey());
    assertThat(offline.verify(token, Instant.parse("2026-01-15T08:00:59Z")).accepted()).isTrue();
    // expiry 08:01:45 is carried as 08:01:00: refused 45 s early, never late
    assertThat(offline.verify(token, Instant.parse("2026-01-15T08:01:00Z")).reason())
        .isEqualTo(Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void fuzzedTokensNeverThrowAndAreNeverAccepted() {
    Random random = new Random(20260115);
    String token = tokenAt(NOW);
    byte[] frame = Base45.decode(token);
    FrameVerifier revokedEverything = verifier(id -> new Standing(CertificateState.REVOKED, null));

    for (int i = 0; i < 1000; i++) {
      // a: mutate 1-3 distinct characters of the token (distinct, so that a second change can
      // never undo the first and hand the verifier the original token)
      char[] chars = token.toCharArray();
      for (int at : distinctPositions(random, chars.length, 1 + random.nextInt(3))) {
        char replacement;
        do {
          replacement =
              random.nextInt(4) == 0
                  ? (char) random.nextInt(0x3000)
                  : Base45.ALPHABET.charAt(random.nextInt(45));
        } while (replacement == chars[at]);
        chars[at] = replacement;
      }
      assertRejectedSafely(revokedEverything, new String(chars));

      // b: mutate 1-3 bytes of the frame and re-encode as valid Base45
      byte[] mutated = frame.clone();
      for (int at : distinctPositions(random, mutated.length, 1 + random.nextInt(3))) {
        mutated[at] ^= (byte) (1 + random.nextInt(255));
      }
      assertRejectedSafely(revokedEverything, Base45.encode(mutated));

      // c: random strings of any length and characters
      StringBuilder noise = new StringBuilder();
      int length = random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(200);
      for (int c = 0; c < length; c++) {
        noise.append(
            random.nextBoolean()
                ? Base45.ALPHABET.charAt(random.nextInt(45))
                : (char) random.nextInt(Character.MAX_VALUE + 1));
      }
      assertRejectedSafely(revokedEverything, noise.toString());

      // d: random bytes behind a valid header
      byte[] garbage = new byte[random.nextInt(130)];
      random.nextBytes(garbage);
      if (garbage.length > 1) {
        garbage[0] = (byte) (1 + random.nextInt(2)); // version 1 or 2
        garbage[1] = 0;
      }
      assertRejectedSafely(revokedEverything, Base45.encode(garbage));
    }
  }

  private static int[] distinctPositions(Random random, int length, int count) {
    return random.ints(0, length).distinct().limit(count).toArray();
  }

  /**
   * A mutated token is MALFORMED or BAD_SIGNATURE; UNKNOWN_KEY only when the mutation hit the key
   * id. With every certificate revoked, any other reason would mean a forgery got past the
   * signature check.
   */
  private static void assertRejectedSafely(FrameVerifier verifier, String token) {
    Verification verification = verifier.verify(token, NOW);
    assertThat(verification.result()).isEqualTo(Result.REJECTED);
    Set<Reason> allowed = EnumSet.of(Reason.MALFORMED, Reason.BAD_SIGNATURE);
    if (verification.token() != null && verification.token().keyId() != KEY_ID) {
      allowed = EnumSet.of(Reason.UNKNOWN_KEY);
    }
    assertThat(verification.reason()).as("token %s", token).isIn(allowed);
  }
}
