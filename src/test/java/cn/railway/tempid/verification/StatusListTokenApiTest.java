package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.frame.offline.OfflineVerifier;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The standard status list: {@code GET /status-list} with {@code Accept:
 * application/statuslist+jwt} is an IETF Token Status List token signed with the frame keys, in
 * which each certificate's entry (by the status index its frames carry) says valid, revoked, or
 * superseded/expired; an offline checkpoint refuses a revoked certificate from it.
 */
@ApplicationTest
class StatusListTokenApiTest {
  static final String KEY = ShownCertificates.DEMO_CHECKPOINT_KEY;

  @Autowired Http http;
  @Autowired ShownCertificates certificates;
  @Autowired AdjustableClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @TempDir Path dir;

  String statusListToken() throws Exception {
    Http.Response r =
        http.perform(
            get("/api/v1/status-list"),
            "X-Checkpoint-Key",
            KEY,
            "Accept",
            TokenStatusList.MEDIA_TYPE);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(MediaType.parseMediaType(r.contentType()).toString())
        .isEqualTo("application/statuslist+jwt");
    return r.raw();
  }

  String jwks() throws Exception {
    return http.get("/api/v1/verification-keys").raw();
  }

  TokenStatusList verified(String token) throws Exception {
    return TokenStatusList.verify(token, KeyLookup.of(Jwks.parse(jwks())), clock.instant());
  }

  long statusIndex(Shown shown) throws Exception {
    long index = certificates.certificate(shown).body().path("statusIndex").asLong(-1);
    assertThat(index).isNotNegative();
    return index;
  }

  @Test
  void theTokenIsSignedWithAFrameKey_andEveryIssuedCertificateIsValidAtItsIndex() throws Exception {
    Shown shown = certificates.issueAndShow("冯四");
    long index = statusIndex(shown);
    String token = statusListToken();

    Map<?, ?> header =
        json.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[0]), Map.class);
    assertThat(header.get("typ")).isEqualTo("statuslist+jwt");
    assertThat(header.get("alg")).isEqualTo("EdDSA");
    assertThat(jwks()).contains("\"kid\":\"" + header.get("kid") + "\"");

    TokenStatusList list = verified(token);
    assertThat(list.subject()).endsWith("/api/v1/status-list");
    assertThat(list.bits()).isEqualTo(2);
    assertThat(list.ttlSeconds()).contains(300L);
    assertThat(Duration.between(list.issuedAt(), list.expiresAt().orElseThrow()))
        .isEqualTo(Duration.ofHours(2));
    assertThat(list.size()).isGreaterThan(index).isEqualTo(list.size() / 65_536 * 65_536);
    assertThat(list.statusAt(index)).hasValue(TokenStatusList.VALID);

    String frame = certificates.frame(shown);
    assertThat(FrameCodec.decode(frame).token().statusIndex()).isEqualTo(index);
    Verification offline =
        new FrameVerifier(KeyLookup.of(Jwks.parse(jwks())), list).verify(frame, clock.instant());
    assertThat(offline.accepted()).isTrue();
    assertThat(token).doesNotContain(shown.idNumber());
  }

  @Test
  void aRevokedCertificateIsRevokedInTheNextToken_andTheOfflineVerifierRefusesIt()
      throws Exception {
    Shown shown = certificates.issueAndShow("陈五");
    long index = statusIndex(shown);
    String frame = certificates.frame(shown);
    String before = statusListToken();

    Http.Response revoked =
        http.post(
            "/api/v1/operator/certificates/" + shown.certificateId() + "/revocation",
            Map.of("reasonCode", "REPORTED_FRAUD", "note", "test"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);

    String after = statusListToken();
    assertThat(verified(after).statusAt(index)).hasValue(TokenStatusList.REVOKED);
    assertThat(verified(before).statusAt(index))
        .as("a copy fetched before the revocation does not know it")
        .hasValue(TokenStatusList.VALID);

    // the example offline checkpoint with only the published documents
    Path keys = Files.writeString(dir.resolve("keys.json"), jwks());
    Path list = Files.writeString(dir.resolve("status-list.jwt"), after);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        OfflineVerifier.run(
            new String[] {keys.toString(), list.toString(), frame},
            Clock.fixed(clock.instant(), ZoneOffset.UTC),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(OfflineVerifier.REJECTED);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("REJECTED CERTIFICATE_REVOKED");
  }

  @Test
  void supersededAndExpiredCertificatesAreWithdrawn_otherIndicesStayValid() throws Exception {
    Shown superseded = certificates.issueAndShow("褚六");
    Shown expiring = certificates.issueAndShow("卫七");
    // the renewal path (R17) marks the old certificate SUPERSEDED; here directly in the table
    jdbc.sql("update certificate set status = 'SUPERSEDED', status_changed_at = ? where id = ?")
        .params(java.sql.Timestamp.from(clock.instant()), superseded.certificateId())
        .update();
    long supersededIndex = statusIndex(superseded);
    long expiringIndex = statusIndex(expiring);
    TokenStatusList list = verified(statusListToken());
    assertThat(list.statusAt(supersededIndex)).hasValue(TokenStatusList.WITHDRAWN);
    assertThat(list.statusAt(expiringIndex)).hasValue(TokenStatusList.VALID);
    assertThat(list.statusAt(expiringIndex + 1))
        .as("an index not handed out yet")
        .hasValue(TokenStatusList.VALID);

    clock.advance(Duration.ofHours(24).plusMinutes(1));
    Shown fresh = certificates.issueAndShow("蒋八");
    TokenStatusList later = verified(statusListToken());
    assertThat(later.statusAt(expiringIndex)).hasValue(TokenStatusList.WITHDRAWN);
    assertThat(later.statusAt(supersededIndex)).hasValue(TokenStatusList.WITHDRAWN);
    assertThat(later.statusAt(statusIndex(fresh))).hasValue(TokenStatusList.VALID);
    FrameToken frame = FrameCodec.decode(certificates.frame(fresh)).token();
    assertThat(later.entryFor(frame)).hasValue(TokenStatusList.VALID);
  }

  @Test
  void theJsonListIsStillTheDefault_andBothNeedACheckpointKey() throws Exception {
    Http.Response plain = http.perform(get("/api/v1/status-list"), "X-Checkpoint-Key", KEY);
    assertThat(plain.status()).isEqualTo(200);
    assertThat(
            MediaType.parseMediaType(plain.contentType())
                .isCompatibleWith(MediaType.APPLICATION_JSON))
        .isTrue();
    assertThat(plain.body().has("revoked")).isTrue();
    Http.Response any =
        http.perform(get("/api/v1/status-list"), "X-Checkpoint-Key", KEY, "Accept", "*/*");
    assertThat(any.body().has("revoked")).as("%s", any).isTrue();

    Http.Response anonymous =
        http.perform(get("/api/v1/status-list"), "Accept", TokenStatusList.MEDIA_TYPE);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.raw()).doesNotStartWith("ey");
  }
}
