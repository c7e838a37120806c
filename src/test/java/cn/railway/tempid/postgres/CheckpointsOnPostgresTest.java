package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The checkpoint critical paths on PostgreSQL: certificates issued at the same time on several
 * threads get distinct status indices from the sequence; the status list token marks an operator's
 * revocation at the certificate's index; checkpoint roles refuse a type the key may not act as,
 * record type and station with each sighting, and answer the ticket match.
 */
@PostgresTest
class CheckpointsOnPostgresTest {
  static final String DEMO_KEY = "demo-checkpoint-key";
  static final String OPERATOR =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString("demo:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired CheckLog checkLog;

  record Shown(String certificateId, String idNumber, String frame, long statusIndex) {}

  /** A guest applies, passes liveness, and opens the QR page; the job executor does the rest. */
  Shown issueAndShow(HttpApi api, String name) {
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry(name, idNumber);
    HttpApi.Answer submitted = api.submitAsGuest(name, idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String applicationId = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    assertThat(api.completeLiveness(session, "PASS").status()).isEqualTo(204);
    String certificateId =
        api.awaitStatus(applicationId, token, Duration.ofSeconds(60), "ISSUED")
            .text("certificateId");
    HttpApi.Answer view =
        api.post(
            "/api/v1/certificates/" + certificateId + "/view-sessions",
            Map.of("livenessSessionId", session),
            "X-Applicant-Token",
            token);
    assertThat(view.status()).as("%s", view).isEqualTo(201);
    String frame =
        api.get(
                "/api/v1/certificates/" + certificateId + "/qr",
                "X-View-Session",
                view.text("viewSessionToken"))
            .text("token");
    long index =
        api.get("/api/v1/certificates/" + certificateId, "X-Applicant-Token", token)
            .body()
            .path("statusIndex")
            .asLong(-1);
    return new Shown(certificateId, idNumber, frame, index);
  }

  TokenStatusList statusListToken(HttpApi api) {
    HttpApi.Answer jwt =
        api.get(
            "/api/v1/status-list",
            "X-Checkpoint-Key",
            DEMO_KEY,
            "Accept",
            TokenStatusList.MEDIA_TYPE);
    assertThat(jwt.status()).as("%s", jwt).isEqualTo(200);
    return TokenStatusList.verify(jwt.raw(), keys(api), api.clockNow());
  }

  /** What {@code sql} counts for the certificate (its one parameter). */
  long count(String sql, Shown shown) {
    return jdbc.sql(sql).param(shown.certificateId()).query(Long.class).single();
  }

  KeyLookup keys(HttpApi api) {
    return KeyLookup.of(Jwks.parse(api.get("/api/v1/verification-keys").raw()));
  }

  @Test
  void concurrentIssuesGetDistinctIndices_andARevocationIsInTheNextStatusListToken()
      throws Exception {
    HttpApi api = new HttpApi(port);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Shown>> issued = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Callable<Shown> issue = () -> issueAndShow(api, "柏一");
      issued.add(pool.submit(issue));
    }
    List<Shown> shown = new ArrayList<>();
    for (Future<Shown> f : issued) {
      shown.add(f.get());
    }
    pool.shutdown();
    Set<Long> indices = new HashSet<>();
    for (Shown s : shown) {
      assertThat(s.statusIndex()).isNotNegative();
      assertThat(FrameCodec.decode(s.frame()).token().statusIndex()).isEqualTo(s.statusIndex());
      indices.add(s.statusIndex());
    }
    assertThat(indices).hasSize(shown.size());

    Shown revoked = shown.get(0);
    TokenStatusList before = statusListToken(api);
    assertThat(before.statusAt(revoked.statusIndex())).hasValue(TokenStatusList.VALID);
    HttpApi.Answer revocation =
        api.post(
            "/api/v1/operator/certificates/" + revoked.certificateId() + "/revocation",
            Map.of("reasonCode", "REPORTED_FRAUD", "note", "pg"),
            "Authorization",
            OPERATOR);
    assertThat(revocation.status()).as("%s", revocation).isEqualTo(200);

    TokenStatusList after = statusListToken(api);
    assertThat(after.statusAt(revoked.statusIndex())).hasValue(TokenStatusList.REVOKED);
    for (Shown other : shown.subList(1, shown.size())) {
      assertThat(after.statusAt(other.statusIndex())).hasValue(TokenStatusList.VALID);
    }
    FrameVerifier offline = new FrameVerifier(keys(api), after);
    assertThat(offline.verify(revoked.frame(), api.clockNow()).reason().name())
        .isEqualTo("CERTIFICATE_REVOKED");
    assertThat(offline.verify(shown.get(1).frame(), api.clockNow()).accepted()).isTrue();
  }

  @Test
  void rolesSightingsAndTheTicketMatch() {
    HttpApi api = new HttpApi(port);
    String id = "pg-gate-" + UUID.randomUUID().toString().substring(0, 8);
    HttpApi.Answer registered =
        api.post(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                id,
                "description",
                "gates",
                "realNameAllowed",
                true,
                "checkpointTypes",
                List.of("ENTRY_GATE"),
                "station",
                "AOH"),
            "Authorization",
            OPERATOR);
    assertThat(registered.status()).as("%s", registered).isEqualTo(201);
    String key = registered.text("key");
    Shown shown = issueAndShow(api, "柏七");

    HttpApi.Answer refused =
        api.post(
            "/api/v1/verifications",
            Map.of("token", shown.frame(), "checkpoint", Map.of("id", "g", "type", "ON_TRAIN")),
            "X-Checkpoint-Key",
            key);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("code")).isEqualTo("CHECKPOINT_TYPE_NOT_ALLOWED");

    HttpApi.Answer gate =
        api.post(
            "/api/v1/verifications",
            Map.of(
                "token",
                shown.frame(),
                "checkpoint",
                Map.of("id", "g", "type", "ENTRY_GATE"),
                "ticketIdNumber",
                shown.idNumber()),
            "X-Checkpoint-Key",
            key);
    assertThat(gate.text("result")).isEqualTo("ACCEPTED");
    assertThat(gate.body().has("idNumber")).as("a gate, even with real-name rights").isFalse();
    assertThat(gate.body().path("ticketHolderMatches").asBoolean()).isTrue();

    HttpApi.Answer window =
        api.post(
            "/api/v1/verifications",
            Map.of(
                "token",
                shown.frame(),
                "checkpoint",
                Map.of("id", "w", "type", "TICKET_WINDOW"),
                "ticketIdNumber",
                TestIdentities.randomIdNumber()),
            "X-Checkpoint-Key",
            DEMO_KEY);
    assertThat(window.text("idNumber")).isEqualTo(shown.idNumber());
    assertThat(window.body().path("ticketHolderMatches").asBoolean(true)).isFalse();

    List<String> sightings =
        jdbc.sql(
                "select checkpoint_type || '@' || station from frame_sighting"
                    + " where certificate_id = ? order by checkpoint_type")
            .param(shown.certificateId())
            .query(String.class)
            .list();
    assertThat(sightings).containsExactly("ENTRY_GATE@AOH", "TICKET_WINDOW@BJP");
  }

  /**
   * Many checks of one frame at once (devices scanning it again, as a gate that retries does): the
   * writer commits them in batches, each table's rows in one statement, so one statement can hold
   * the same device's repeated sighting twice. Every check is answered ACCEPTED, a device's repeat
   * leaves one sighting, and each check has its check-log and access-audit row.
   */
  @Test
  void concurrentChecksOfOneFrameAreAllRecorded() throws Exception {
    HttpApi api = new HttpApi(port);
    Shown shown = issueAndShow(api, "柏八");
    int devices = 4;
    int scans = 3;
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<HttpApi.Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < devices * scans; i++) {
        String device = "pg-burst-" + (i % devices);
        answers.add(
            pool.submit(
                () ->
                    api.post(
                        "/api/v1/verifications",
                        Map.of(
                            "token",
                            shown.frame(),
                            "checkpoint",
                            Map.of("id", device, "type", "ENTRY_GATE")),
                        "X-Checkpoint-Key",
                        DEMO_KEY)));
      }
      int seenElsewhere = 0;
      for (Future<HttpApi.Answer> a : answers) {
        HttpApi.Answer answer = a.get();
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.text("result")).isEqualTo("ACCEPTED");
        seenElsewhere += answer.body().path("alreadySeenAt").isTextual() ? 1 : 0;
      }
      assertThat(seenElsewhere).as("the frame was seen at other gates").isPositive();
    } finally {
      pool.shutdown();
    }
    assertThat(count("select count(*) from frame_sighting where certificate_id = ?", shown))
        .as("one sighting per device")
        .isEqualTo(devices);
    assertThat(count("select count(*) from certificate_check where certificate_id = ?", shown))
        .isEqualTo(devices * scans);
    assertThat(
            count(
                "select count(*) from personal_data_access where subject_id = ?"
                    + " and purpose = 'VERIFICATION'",
                shown))
        .isEqualTo(devices * scans);
    // the checks' span at the key's station (impossible travel): one row, however many batches
    // and nodes wrote the checks, from the first check to the last
    assertThat(
            count(
                """
                select count(*) from certificate_station_span p
                where p.certificate_id = ? and p.station = 'BJP'
                  and p.earliest = (select min(checked_at) from certificate_check
                                    where certificate_id = p.certificate_id)
                  and p.latest = (select max(checked_at) from certificate_check
                                  where certificate_id = p.certificate_id)""",
                shown))
        .isEqualTo(1);
    // a Shanghai check ten minutes later is compared with that span: impossible travel
    checkLog.recordAll(
        List.of(
            new CheckLog.Entry(
                shown.certificateId(),
                "ENTRY_GATE",
                "SHH",
                "ACCEPTED",
                null,
                api.clockNow().plus(Duration.ofMinutes(10)))));
    assertThat(
            count(
                "select count(*) from certificate_alert where certificate_id = ?"
                    + " and code = 'IMPOSSIBLE_TRAVEL'",
                shown))
        .isEqualTo(1);
  }
}
