package cn.railway.tempid.frame;

import static cn.railway.tempid.frame.FrameFixtures.CERTIFICATE;
import static cn.railway.tempid.frame.FrameFixtures.KEYS;
import static cn.railway.tempid.frame.FrameFixtures.KEY_ID;
import static cn.railway.tempid.frame.FrameFixtures.KEY_LOOKUP;
import static cn.railway.tempid.frame.FrameFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The IETF Token Status List token: its byte layout, compression, signature and claims. */
class TokenStatusListTest {
  static final Instant IAT = NOW;
  static final Instant EXP = NOW.plus(Duration.ofHours(2));
  static final String SUB = "https://tempid.example/api/v1/status-list";
  static final ObjectMapper JSON = new ObjectMapper();

  static String signed(TokenStatusList.Content content) {
    return TokenStatusList.sign(
        SUB, IAT, EXP, Duration.ofMinutes(5), content, KEY_ID, KEYS.privateKey());
  }

  static TokenStatusList.Content content(long size, long withdrawnBelow, Map<Long, Integer> ex) {
    return new TokenStatusList.Content(size, withdrawnBelow, new TreeMap<>(ex));
  }

  static JsonNode part(String jws, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[index]));
  }

  @Test
  void theDraftsTwoBitExampleGivesTheSameBytesAndTheSameCompressedList() {
    // draft-ietf-oauth-status-list, "Compressed Byte Array", 12 entries with bits = 2
    TokenStatusList.Content example =
        content(12, 0, Map.of(0L, 1, 1L, 2, 3L, 3, 5L, 1, 7L, 1, 8L, 1, 9L, 2, 10L, 3, 11L, 3));
    assertThat(HexFormat.of().formatHex(example.bytes())).isEqualTo("c944f9");
    assertThat(HexFormat.of().formatHex(example.compressed())).isEqualTo("78da3be9f2130003df0207");
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(example.compressed()))
        .isEqualTo("eNo76fITAAPfAgc");
  }

  @Test
  void signedTokenHasTheDraftsHeaderAndClaims() throws Exception {
    String jws = signed(content(16, 4, Map.of(6L, 1)));
    JsonNode header = part(jws, 0);
    assertThat(header.path("typ").asText()).isEqualTo("statuslist+jwt");
    assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
    assertThat(header.path("kid").asText()).isEqualTo(Integer.toString(KEY_ID));
    JsonNode claims = part(jws, 1);
    assertThat(claims.path("sub").asText()).isEqualTo(SUB);
    assertThat(claims.path("iat").asLong()).isEqualTo(IAT.getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(EXP.getEpochSecond());
    assertThat(claims.path("ttl").asLong()).isEqualTo(300);
    assertThat(claims.path("status_list").path("bits").asInt()).isEqualTo(2);
    // entries 0-3 withdrawn (2), 6 revoked (1), the rest valid: bytes aa 10 00 00
    assertThat(
            HexFormat.of()
                .formatHex(
                    inflate(
                        Base64.getUrlDecoder()
                            .decode(claims.path("status_list").path("lst").asText()))))
        .isEqualTo("aa100000");
  }

  /** The signature is plain Ed25519 over the JWS signing input: the JDK (SunEC) agrees. */
  @Test
  void signatureVerifiesWithTheJdksOwnEd25519() throws Exception {
    String jws = signed(content(8, 0, Map.of()));
    String[] parts = jws.split("\\.");
    byte[] x509 = new byte[44];
    System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
    System.arraycopy(KEYS.publicKey().encoded(), 0, x509, 12, 32);
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void verifiedListAnswersEveryIndex_andNothingOutsideIt() {
    TokenStatusList list =
        TokenStatusList.verify(
            signed(content(1024, 10, Map.of(3L, 1, 11L, 1, 12L, 2, 13L, 3))), KEY_LOOKUP, NOW);
    assertThat(list.subject()).isEqualTo(SUB);
    assertThat(list.issuedAt()).isEqualTo(IAT);
    assertThat(list.expiresAt()).contains(EXP);
    assertThat(list.ttlSeconds()).contains(300L);
    assertThat(list.bits()).isEqualTo(2);
    assertThat(list.size()).isEqualTo(1024);
    assertThat(list.statusAt(0)).hasValue(2);
    assertThat(list.statusAt(3)).hasValue(1);
    assertThat(list.statusAt(9)).hasValue(2);
    assertThat(list.statusAt(10)).hasValue(0);
    assertThat(list.statusAt(11)).hasValue(1);
    assertThat(list.statusAt(12)).hasValue(2);
    assertThat(list.statusAt(13)).hasValue(3);
    assertThat(list.statusAt(1023)).hasValue(0);
    assertThat(list.statusAt(1024)).isEqualTo(OptionalInt.empty());
    assertThat(list.statusAt(-1)).isEqualTo(OptionalInt.empty());
    assertThat(list.isStaleAt(NOW.plusSeconds(299))).isFalse();
    assertThat(list.isStaleAt(NOW.plusSeconds(300))).isTrue();
  }

  @Test
  void framesAreJudgedByTheirIndex() {
    Instant expires = Instant.parse("2026-01-16T07:59:42Z");
    TokenStatusList list =
        TokenStatusList.verify(
            signed(content(64, 0, Map.of(1L, 1, 2L, 2, 3L, 3))), KEY_LOOKUP, NOW);
    FrameVerifier verifier = new FrameVerifier(KEY_LOOKUP, list);
    assertThat(verifier.verify(token(0, expires), NOW).accepted()).isTrue();
    assertThat(verifier.verify(token(1, expires), NOW).reason())
        .isEqualTo(Verification.Reason.CERTIFICATE_REVOKED);
    assertThat(verifier.verify(token(2, expires), NOW).reason())
        .as("withdrawn while still valid: superseded")
        .isEqualTo(Verification.Reason.CERTIFICATE_SUPERSEDED);
    assertThat(verifier.verify(token(3, expires), NOW).reason())
        .as("a value this version does not know: fail closed")
        .isEqualTo(Verification.Reason.CERTIFICATE_REVOKED);
    assertThat(verifier.verify(token(64, expires), NOW).reason())
        .as("outside the list: no statement, refused")
        .isEqualTo(Verification.Reason.CERTIFICATE_REVOKED);
    String versionOne =
        FrameCodec.encode(
            FrameToken.versionOneOf(KEY_ID, CERTIFICATE, expires, NOW, 1L), KEYS.privateKey());
    assertThat(verifier.verify(versionOne, NOW).reason())
        .as("a version-1 frame has no index")
        .isEqualTo(Verification.Reason.CERTIFICATE_REVOKED);

    // a certificate that had expired when the list was made: withdrawn means expired
    TokenStatusList later =
        TokenStatusList.verify(
            TokenStatusList.sign(
                SUB,
                NOW,
                EXP,
                Duration.ofMinutes(5),
                content(64, 4, Map.of()),
                KEY_ID,
                KEYS.privateKey()),
            KEY_LOOKUP,
            NOW);
    FrameToken expiredAtIssue =
        new FrameToken(
            2, KEY_ID, CERTIFICATE, FrameToken.windowOf(NOW), FrameToken.windowStart(NOW), 1L, 2);
    assertThat(later.statusOf(expiredAtIssue).state()).isEqualTo(CertificateState.EXPIRED);
  }

  private static String token(long statusIndex, Instant expires) {
    return FrameCodec.encode(
        FrameToken.of(KEY_ID, CERTIFICATE, expires, NOW, 1L, statusIndex), KEYS.privateKey());
  }

  @Test
  void aTokenThatCannotBeTrustedIsRefused() {
    String good = signed(content(8, 0, Map.of()));
    String[] parts = good.split("\\.");

    // another key under the same kid
    String forged =
        TokenStatusList.sign(
            SUB,
            IAT,
            EXP,
            Duration.ofMinutes(5),
            content(8, 0, Map.of()),
            KEY_ID,
            Ed25519Keys.generate().privateKey());
    assertRefused(forged, NOW, "bad signature");
    // a payload changed after signing
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"bits\":2", "\"bits\":1")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertRefused(tampered, NOW, "bad signature");
    // a kid nobody published
    assertRefused(
        TokenStatusList.sign(
            SUB,
            IAT,
            EXP,
            Duration.ofMinutes(5),
            content(8, 0, Map.of()),
            KEY_ID + 1,
            KEYS.privateKey()),
        NOW,
        "not published");
    // expired
    assertRefused(good, EXP, "expired");
    // signed outside the key's signing period
    assertRefused(
        TokenStatusList.sign(
            SUB,
            Instant.parse("2025-12-31T23:00:00Z"),
            Instant.parse("2026-12-31T23:00:00Z"),
            Duration.ofMinutes(5),
            content(8, 0, Map.of()),
            KEY_ID,
            KEYS.privateKey()),
        NOW,
        "did not sign");
    // not a JWS, another typ
    assertRefused("not-a-token", NOW, "JWS");
    assertRefused(
        withHeader(good, "{\"alg\":\"EdDSA\",\"kid\":\"7\",\"typ\":\"JWT\"}"), NOW, "typ");
    assertRefused(
        withHeader(good, "{\"alg\":\"HS256\",\"kid\":\"7\",\"typ\":\"statuslist+jwt\"}"),
        NOW,
        "alg");
  }

  @Test
  void aListThatIsNotZlibOrTooLargeIsRefused() {
    assertRefused(withStatusList(2, "AAAA"), NOW, "zlib");
    assertRefused(withStatusList(3, "eNo76fITAAPfAgc"), NOW, "bits");
    byte[] zeros = new byte[TokenStatusList.MAX_LIST_BYTES + 1];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(zeros);
    deflater.finish();
    byte[] bomb = new byte[200_000];
    int n = deflater.deflate(bomb);
    deflater.end();
    String lst =
        Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(bomb, n));
    assertRefused(withStatusList(2, lst), NOW, "larger than");
  }

  @Test
  void aLargeListIsBuiltInChunksExactlyAsItsEntriesSay() {
    Random random = new Random(10);
    TreeMap<Long, Integer> exceptions = new TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      exceptions.put((long) random.nextInt(2_000_000), 1 + random.nextInt(3));
    }
    // the boundary falls inside a byte and inside the second 64 KiB chunk
    TokenStatusList.Content big = new TokenStatusList.Content(2_000_000, 300_001, exceptions);
    byte[] bytes = big.bytes();
    assertThat(bytes).hasSize(500_000);
    assertThat(inflate(big.compressed())).isEqualTo(bytes);
    for (long index :
        List.of(0L, 1L, 262_143L, 262_144L, 300_000L, 300_001L, 300_002L, 1_999_999L)) {
      assertThat(valueIn(bytes, index)).as("entry %d", index).isEqualTo(big.valueAt(index));
    }
    for (var e : exceptions.entrySet()) {
      assertThat(valueIn(bytes, e.getKey())).isEqualTo(e.getValue());
    }
    for (int i = 0; i < 10_000; i++) {
      long index = random.nextInt(2_000_000);
      assertThat(valueIn(bytes, index)).isEqualTo(big.valueAt(index));
    }
    assertThat(big.compressed().length).as("mostly runs: compresses well").isLessThan(20_000);
  }

  private static int valueIn(byte[] bytes, long index) {
    return (bytes[(int) (index / 4)] >> (int) (index % 4 * 2)) & 3;
  }

  private static void assertRefused(String token, Instant now, String because) {
    assertThatThrownBy(() -> TokenStatusList.verify(token, KEY_LOOKUP, now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(because);
  }

  private static String withHeader(String jws, String headerJson) {
    String[] parts = jws.split("\\.");
    return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[1]
        + "."
        + parts[2];
  }

  /** A correctly signed token with the given status_list (bits, lst). */
  private static String withStatusList(int bits, String lst) {
    com.nimbusds.jwt.JWTClaimsSet claims =
        new com.nimbusds.jwt.JWTClaimsSet.Builder()
            .subject(SUB)
            .issueTime(java.util.Date.from(IAT))
            .expirationTime(java.util.Date.from(EXP))
            .claim("status_list", Map.of("bits", bits, "lst", lst))
            .build();
    com.nimbusds.jwt.SignedJWT jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.EdDSA)
                .type(new com.nimbusds.jose.JOSEObjectType("statuslist+jwt"))
                .keyID(Integer.toString(KEY_ID))
                .build(),
            claims);
    try {
      jwt.sign(
          new com.nimbusds.jose.crypto.Ed25519Signer(
              new com.nimbusds.jose.jwk.OctetKeyPair.Builder(
                      com.nimbusds.jose.jwk.Curve.Ed25519,
                      com.nimbusds.jose.util.Base64URL.encode(KEYS.publicKey().encoded()))
                  .d(com.nimbusds.jose.util.Base64URL.encode(KEYS.privateKey().encoded()))
                  .build()));
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static byte[] inflate(byte[] compressed) {
    try {
      java.util.zip.Inflater inflater = new java.util.zip.Inflater();
      inflater.setInput(compressed);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        out.write(buffer, 0, inflater.inflate(buffer));
      }
      inflater.end();
      return out.toByteArray();
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalStateException(e);
    }
  }
}
