package cn.railway.tempid.frame.offline;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.frame.CertificateState;
import cn.railway.tempid.frame.Ed25519Keys;
import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.frame.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example offline checkpoint, end to end through files, as a gate vendor would run it. */
class OfflineVerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-15T08:00:30Z");
  private static final UUID GOOD = UUID.fromString("11111111-1111-4111-8111-111111111111");
  private static final UUID REVOKED = UUID.fromString("22222222-2222-4222-8222-222222222222");
  private static final UUID SUPERSEDED = UUID.fromString("33333333-3333-4333-8333-333333333333");
  private static final Instant EXPIRES = Instant.parse("2026-01-16T06:00:00Z");

  @TempDir Path dir;
  private Path keys;
  private Path statusList;
  private final Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void publishDocuments() throws Exception {
    keys =
        Files.writeString(
            dir.resolve("keys.json"),
            Jwks.render(
                List.of(
                    new VerificationKey(
                        4,
                        pair.publicKey(),
                        Instant.parse("2026-01-15T00:00:00Z"),
                        Instant.parse("2026-01-22T00:00:00Z")),
                    new VerificationKey(
                        3,
                        Ed25519Keys.generate().publicKey(),
                        Instant.parse("2026-01-08T00:00:00Z"),
                        Instant.parse("2026-01-15T00:00:00Z")))));
    statusList = writeStatusList(Instant.parse("2026-01-15T07:58:00Z"));
  }

  private Path writeStatusList(Instant issuedAt) throws Exception {
    return Files.writeString(
        dir.resolve("status-list.json"),
        new StatusList(
                issuedAt,
                300,
                List.of(
                    new StatusList.Entry(
                        REVOKED, CertificateState.REVOKED, Instant.parse("2026-01-15T06:00:00Z")),
                    new StatusList.Entry(
                        SUPERSEDED,
                        CertificateState.SUPERSEDED,
                        Instant.parse("2026-01-15T07:00:00Z"))))
            .render());
  }

  private String token(UUID certificate, Instant at, Instant expires) {
    return FrameCodec.encode(
        FrameToken.versionOneOf(4, certificate, expires, at, 0L), pair.privateKey());
  }

  private int run(String... args) throws Exception {
    out.reset();
    return OfflineVerifier.run(
        args,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void acceptsAGoodFrame() throws Exception {
    assertThat(run(keys.toString(), statusList.toString(), token(GOOD, NOW, EXPIRES)))
        .isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed())
        .isEqualTo(
            "ACCEPTED certificateId="
                + GOOD
                + " frameStartsAt=2026-01-15T08:00:00Z certificateExpiresAt=2026-01-16T06:00:00Z"
                + System.lineSeparator());
  }

  @Test
  void rejectsWithTheReason() throws Exception {
    String s = statusList.toString();
    String k = keys.toString();
    assertThat(run(k, s, token(REVOKED, NOW, EXPIRES))).isEqualTo(OfflineVerifier.REJECTED);
    assertThat(printed()).startsWith("REJECTED CERTIFICATE_REVOKED");
    run(k, s, token(SUPERSEDED, NOW, EXPIRES));
    assertThat(printed()).startsWith("REJECTED CERTIFICATE_SUPERSEDED");
    run(k, s, token(GOOD, NOW, Instant.parse("2026-01-15T08:00:00Z")));
    assertThat(printed()).startsWith("REJECTED CERTIFICATE_EXPIRED");
    run(k, s, token(GOOD, NOW.minusSeconds(120), EXPIRES));
    assertThat(printed()).startsWith("REJECTED FRAME_EXPIRED");
    run(
        k,
        s,
        FrameCodec.encode(
            FrameToken.versionOneOf(4, GOOD, EXPIRES, NOW, 0L),
            Ed25519Keys.generate().privateKey()));
    assertThat(printed()).startsWith("REJECTED BAD_SIGNATURE");
    run(
        k,
        s,
        FrameCodec.encode(FrameToken.versionOneOf(9, GOOD, EXPIRES, NOW, 0L), pair.privateKey()));
    assertThat(printed()).startsWith("REJECTED UNKNOWN_KEY");
    run(k, s, "not a token");
    assertThat(printed()).isEqualTo("REJECTED MALFORMED" + System.lineSeparator());
  }

  @Test
  void warnsAboutAStaleStatusList() throws Exception {
    writeStatusList(Instant.parse("2026-01-15T07:50:00Z"));
    assertThat(run(keys.toString(), statusList.toString(), token(GOOD, NOW, EXPIRES)))
        .isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed())
        .contains("ACCEPTED")
        .contains(
            "WARNING STALE_STATUS_LIST issuedAt=2026-01-15T07:50:00Z ttlSeconds=300 staleSince=2026-01-15T07:55:00Z");
  }

  @Test
  void nowCanBeGivenForTestVectors() throws Exception {
    Instant later = Instant.parse("2026-01-15T09:00:10Z");
    assertThat(
            run(
                keys.toString(),
                statusList.toString(),
                token(GOOD, later, EXPIRES),
                "--now=" + later))
        .isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed()).contains("WARNING STALE_STATUS_LIST");
  }

  /** The test vectors of docs/qr-frame-format.md, checked the way a vendor would check them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "HB010042EFM5YX791AAMHPOIY*O.8T:9013O0W0000600L60$Y88IHO1Q8LH3G4GXMDG5$2WF1G+TU9SR6BH8-HO7"
            + "O8QCO 2Q1C3RM6YVR4VQT13LN-X5J4T8ODADNR-OQZOUS27%VCXT4VAH6ST$P4/6",
        "V5010042EFM5YX791AAMHPOIY*O.8T:9013O:901ZOL60$Y88IHO1Q3GG215/CF/HA3+35ZB/:D..EKIH/"
            + "P9Z1OW*S8XOEEH3:9VVE*K4C5OV$O0QFG:PV11F6RV9L1 1870Q7PX+H32W%P1IACK:9"
      })
  void acceptsTheDocumentedTestVector(String token) throws Exception {
    Path vectorKeys =
        Files.writeString(
            dir.resolve("vector-keys.json"),
            "{\"keys\":[{\"kty\":\"OKP\","
                + "\"crv\":\"Ed25519\",\"kid\":\"1\",\"x\":\"A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\","
                + "\"use\":\"sig\",\"alg\":\"EdDSA\",\"nbf\":1767225600,\"exp\":1769904000}]}");
    Path emptyList =
        Files.writeString(
            dir.resolve("vector-status.json"),
            "{\"issuedAt\":\"2026-01-15T08:00:00Z\",\"ttlSeconds\":300,\"revoked\":[]}");
    assertThat(
            run(vectorKeys.toString(), emptyList.toString(), token, "--now=2026-01-15T08:00:30Z"))
        .isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed())
        .isEqualTo(
            "ACCEPTED certificateId=6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7"
                + " frameStartsAt=2026-01-15T08:00:00Z certificateExpiresAt=2026-01-16T08:00:00Z"
                + System.lineSeparator());
    run(vectorKeys.toString(), emptyList.toString(), token, "--now=2026-01-15T08:02:00Z");
    assertThat(printed()).startsWith("REJECTED FRAME_EXPIRED");
  }

  // ---- the IETF Token Status List token (statuslist+jwt), looked up by the frame's index ----

  private static final long GOOD_INDEX = 0;
  private static final long REVOKED_INDEX = 5;
  private static final long SUPERSEDED_INDEX = 6;

  /** Indices 0-7: 5 revoked, 6 superseded, the rest valid. */
  private Path writeStatusListToken(Instant issuedAt, Instant expiresAt, Ed25519Keys.KeyPair by)
      throws Exception {
    return Files.writeString(
        dir.resolve("status-list.jwt"),
        TokenStatusList.sign(
            "https://tempid.example/api/v1/status-list",
            issuedAt,
            expiresAt,
            Duration.ofMinutes(5),
            new TokenStatusList.Content(
                8,
                0,
                new TreeMap<>(
                    Map.of(
                        REVOKED_INDEX,
                        TokenStatusList.REVOKED,
                        SUPERSEDED_INDEX,
                        TokenStatusList.WITHDRAWN))),
            4,
            by.privateKey()));
  }

  private String indexedToken(UUID certificate, long statusIndex) {
    return FrameCodec.encode(
        FrameToken.of(4, certificate, EXPIRES, NOW, 7L, statusIndex), pair.privateKey());
  }

  @Test
  void withTheStatusListToken_aRevokedCertificateIsRefusedByItsIndex() throws Exception {
    String k = keys.toString();
    String t = writeStatusListToken(NOW.minusSeconds(60), NOW.plusSeconds(7200), pair).toString();
    assertThat(run(k, t, indexedToken(GOOD, GOOD_INDEX))).isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed()).startsWith("ACCEPTED certificateId=" + GOOD).doesNotContain("WARNING");

    // the same certificate id, now at the revoked index: the list decides by index
    assertThat(run(k, t, indexedToken(GOOD, REVOKED_INDEX))).isEqualTo(OfflineVerifier.REJECTED);
    assertThat(printed()).isEqualTo("REJECTED CERTIFICATE_REVOKED" + System.lineSeparator());
    run(k, t, indexedToken(SUPERSEDED, SUPERSEDED_INDEX));
    assertThat(printed()).startsWith("REJECTED CERTIFICATE_SUPERSEDED");

    // no statement from the list: refused, and said why
    run(k, t, indexedToken(GOOD, 8));
    assertThat(printed())
        .startsWith("REJECTED CERTIFICATE_REVOKED")
        .contains("WARNING NO_STATUS_ENTRY statusIndex=8 is outside the list");
    run(k, t, token(GOOD, NOW, EXPIRES));
    assertThat(printed())
        .startsWith("REJECTED CERTIFICATE_REVOKED")
        .contains("WARNING NO_STATUS_ENTRY a version-1 frame has no status index");
  }

  @Test
  void aStatusListTokenThatCannotBeTrustedIsADocumentError() throws Exception {
    String k = keys.toString();
    String expired =
        writeStatusListToken(NOW.minusSeconds(7200), NOW.minusSeconds(1), pair).toString();
    assertThat(run(k, expired, indexedToken(GOOD, GOOD_INDEX))).isEqualTo(OfflineVerifier.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("expired");

    String forged =
        writeStatusListToken(NOW.minusSeconds(60), NOW.plusSeconds(60), Ed25519Keys.generate())
            .toString();
    assertThat(run(k, forged, indexedToken(GOOD, REVOKED_INDEX))).isEqualTo(OfflineVerifier.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad signature");
  }

  @Test
  void aStaleStatusListTokenStillDecidesButWarns() throws Exception {
    String t =
        writeStatusListToken(Instant.parse("2026-01-15T07:50:00Z"), NOW.plusSeconds(3600), pair)
            .toString();
    assertThat(run(keys.toString(), t, indexedToken(GOOD, GOOD_INDEX)))
        .isEqualTo(OfflineVerifier.ACCEPTED);
    assertThat(printed())
        .contains(
            "WARNING STALE_STATUS_LIST issuedAt=2026-01-15T07:50:00Z ttlSeconds=300 staleSince=2026-01-15T07:55:00Z");
  }

  /**
   * The status list token vector of docs/qr-frame-format.md §7.3: index 6 is revoked, so the
   * version-2 frame vector (status index 6) is refused offline.
   */
  @Test
  void theDocumentedStatusListTokenRefusesTheFrameVector() throws Exception {
    Path vectorKeys =
        Files.writeString(
            dir.resolve("vector-keys.json"),
            "{\"keys\":[{\"kty\":\"OKP\","
                + "\"crv\":\"Ed25519\",\"kid\":\"1\",\"x\":\"A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\","
                + "\"use\":\"sig\",\"alg\":\"EdDSA\",\"nbf\":1767225600,\"exp\":1769904000}]}");
    Path vectorList =
        Files.writeString(
            dir.resolve("vector-status-list.jwt"),
            "eyJraWQiOiIxIiwidHlwIjoic3RhdHVzbGlzdCtqd3QiLCJhbGciOiJFZERTQSJ9."
                + "eyJzdWIiOiJodHRwczovL3RlbXBpZC5leGFtcGxlL2FwaS92MS9zdGF0dXMtbGlzdCIsImV4cCI6MTc2ODQ3MTIwMCwiaWF0IjoxNzY4NDY0MDAwLCJ0dGwiOjMwMCwic3RhdHVzX2xpc3QiOnsiYml0cyI6MiwibHN0IjoiZU5yakV1QmdBQUFBYkFBaiJ9fQ."
                + "zAiQTolT_ginUYXk3Tr615zYMh2JU9G1tdcCuj0Wh1eHHw_UAydDSv3zdxr6HtSiAeVzpUKCYmVg58iYZoYmCg\n");
    String frame =
        "HB010042EFM5YX791AAMHPOIY*O.8T:9013O0W0000600L60$Y88IHO1Q8LH3G4GXMDG5$2WF1G+TU9SR6BH8-HO7"
            + "O8QCO 2Q1C3RM6YVR4VQT13LN-X5J4T8ODADNR-OQZOUS27%VCXT4VAH6ST$P4/6";
    assertThat(
            run(vectorKeys.toString(), vectorList.toString(), frame, "--now=2026-01-15T08:00:30Z"))
        .isEqualTo(OfflineVerifier.REJECTED);
    assertThat(printed()).isEqualTo("REJECTED CERTIFICATE_REVOKED" + System.lineSeparator());

    TokenStatusList list =
        TokenStatusList.verify(
            Files.readString(vectorList),
            cn.railway.tempid.frame.KeyLookup.of(Jwks.parse(Files.readString(vectorKeys))),
            Instant.parse("2026-01-15T08:00:30Z"));
    assertThat(list.size()).isEqualTo(16);
    assertThat(
            List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).stream()
                .map(i -> list.statusAt(i).getAsInt()))
        .containsExactly(2, 2, 0, 0, 0, 0, 1, 0, 0, 2, 0);
    // after its exp (10:00) the token is refused as a document
    assertThat(
            run(vectorKeys.toString(), vectorList.toString(), frame, "--now=2026-01-15T10:00:00Z"))
        .isEqualTo(OfflineVerifier.USAGE);
  }

  @Test
  void usageErrors() throws Exception {
    assertThat(run(keys.toString())).isEqualTo(OfflineVerifier.USAGE);
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"keys\":");
    assertThat(run(broken.toString(), statusList.toString(), "x")).isEqualTo(OfflineVerifier.USAGE);
    assertThat(run(keys.toString(), statusList.toString(), "x", "--later"))
        .isEqualTo(OfflineVerifier.USAGE);
  }
}
