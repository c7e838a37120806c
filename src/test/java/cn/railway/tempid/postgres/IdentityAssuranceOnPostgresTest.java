package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 7 on PostgreSQL with the job executor on, over real HTTP: a live face that is someone
 * else's never gets an application issued, never opens a view session and never reveals a
 * certificate through the lookup; the holder's own face works everywhere without quota; repeated
 * failures lock the person's face checks.
 */
@PostgresTest
class IdentityAssuranceOnPostgresTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Map<String, Object> SOMEONE_ELSE = Map.of("outcome", "PASS", "faceMatchScore", 0.05);
  static final Map<String, Object> OWN_FACE = Map.of("outcome", "PASS");

  @LocalServerPort int port;

  @Test
  void onlyTheHoldersFace_getsIssued_opensAViewSession_andFindsTheCertificate() {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("黄药师", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("黄药师", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String[] auth = {"X-Applicant-Token", token};

    // the application's own check with someone else's face: a failed attempt, never issued
    capture(api, submitted.body().path("liveness").path("sessionId").asText(), SOMEONE_ELSE);
    JsonNode failed = awaitLivenessFailed(api, id, token);
    assertThat(failed.path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(failed.path("certificateId").isNull()).isTrue();
    HttpApi.Answer next =
        api.post("/api/v1/applications/" + id + "/liveness-sessions", Map.of(), auth);
    assertThat(next.status()).as("%s", next).isEqualTo(201);
    capture(api, next.text("sessionId"), OWN_FACE);
    HttpApi.Answer issued = api.awaitStatus(id, token, TIMEOUT, "ISSUED");
    String certificateId = issued.text("certificateId");
    int quota = issued.body().path("quota").path("used").asInt();

    // re-verification with someone else's face: no view session; the holder's face: one
    String stranger = reverification(api, certificateId, auth);
    capture(api, stranger, SOMEONE_ELSE);
    assertThat(viewSession(api, certificateId, stranger, auth).status()).isEqualTo(422);
    String own = reverification(api, certificateId, auth);
    capture(api, own, OWN_FACE);
    assertThat(viewSession(api, certificateId, own, auth).status()).isEqualTo(201);

    // the guest lookup with someone else's face: nothing revealed (this third failure locks the
    // person, and the lock holds at the result too: 429, as for an unknown person); the holder's
    // own face after the lock: found
    Map<String, Object> identity =
        Map.of("name", "黄药师", "idType", "RESIDENT_ID_CARD", "idNumber", idNumber);
    String lookup = api.post("/api/v1/certificates/lookup", identity).text("livenessSessionId");
    capture(api, lookup, SOMEONE_ELSE);
    HttpApi.Answer refused = api.get("/api/v1/liveness/" + lookup + "/certificate");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("code")).isEqualTo("FACE_CHECKS_LOCKED");
    assertThat(refused.raw()).doesNotContain(certificateId, "applicantToken");

    // three failures in the hour: the person's face checks are locked, with Retry-After
    HttpApi.Answer locked = api.post("/api/v1/certificates/lookup", identity);
    assertThat(locked.status()).as("%s", locked).isEqualTo(429);
    assertThat(locked.text("code")).isEqualTo("FACE_CHECKS_LOCKED");
    assertThat(locked.body().path("retryAfterSeconds").asLong()).isPositive();
    assertThat(
            api.post("/api/v1/certificates/" + certificateId + "/reverifications", Map.of(), auth)
                .status())
        .isEqualTo(429);

    api.advanceClock(Duration.ofMinutes(61));
    String found = api.post("/api/v1/certificates/lookup", identity).text("livenessSessionId");
    capture(api, found, OWN_FACE);
    HttpApi.Answer certificate = api.get("/api/v1/liveness/" + found + "/certificate");
    assertThat(certificate.status()).as("%s", certificate).isEqualTo(200);
    assertThat(certificate.text("certificateId")).isEqualTo(certificateId);
    assertThat(api.application(id, token).body().path("quota").path("used").asInt())
        .as("R13: viewing and finding it again use no quota")
        .isEqualTo(quota);
  }

  private static void capture(HttpApi api, String sessionId, Map<String, Object> body) {
    HttpApi.Answer a = api.post("/api/v1/demo/liveness/" + sessionId, body);
    assertThat(a.status()).as("%s", a).isEqualTo(204);
  }

  private static String reverification(HttpApi api, String certificateId, String[] auth) {
    HttpApi.Answer r =
        api.post("/api/v1/certificates/" + certificateId + "/reverifications", Map.of(), auth);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.text("sessionId");
  }

  private static HttpApi.Answer viewSession(
      HttpApi api, String certificateId, String livenessSessionId, String[] auth) {
    return api.post(
        "/api/v1/certificates/" + certificateId + "/view-sessions",
        Map.of("livenessSessionId", livenessSessionId),
        auth);
  }

  private static JsonNode awaitLivenessFailed(HttpApi api, String id, String token) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = api.application(id, token).body();
              return "FAILED".equals(last[0].path("liveness").path("status").asText());
            });
    return last[0];
  }
}
