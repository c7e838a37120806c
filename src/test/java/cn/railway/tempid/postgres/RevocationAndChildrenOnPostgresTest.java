package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.railway.tempid.retention.PersonalDataPurge;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The critical paths of issue 10 on PostgreSQL with the job executor on: a holder revokes after a
 * face check (REVOKED at once, lifecycle ends at "Certificate revoked", idempotent), and a child's
 * application waits for both face checks (the guardian's and the child's) before issue, with the
 * guardian consent record purged with the case.
 */
@PostgresTest
class RevocationAndChildrenOnPostgresTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String CHECKPOINT_KEY = "demo-checkpoint-key";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired HistoryService history;
  @Autowired PersonalDataPurge purge;

  @Test
  void theHolderRevokes_andTheCertificateIsRevokedEverywhere_andTheLifecycleEnds() {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("林一", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("林一", idNumber);
    String id = submitted.text("applicationId");
    String[] auth = {"X-Applicant-Token", submitted.text("applicantToken")};
    String session = submitted.body().path("liveness").path("sessionId").asText();
    api.completeLiveness(session, "PASS");
    String cert = api.awaitStatus(id, auth[1], WAIT, "ISSUED").text("certificateId");
    String view =
        api.post(
                "/api/v1/certificates/" + cert + "/view-sessions",
                Map.of("livenessSessionId", session),
                auth)
            .text("viewSessionToken");
    String frame =
        api.get("/api/v1/certificates/" + cert + "/qr", "X-View-Session", view).text("token");

    String face =
        api.post("/api/v1/certificates/" + cert + "/reverifications", Map.of(), auth)
            .text("sessionId");
    api.completeLiveness(face, "PASS");
    HttpApi.Answer revoked =
        api.post(
            "/api/v1/certificates/" + cert + "/revocation",
            Map.of("livenessSessionId", face, "reason", "ID_CARD_FOUND"),
            auth);
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
    assertThat(revoked.text("status")).isEqualTo("REVOKED");
    HttpApi.Answer again =
        api.post(
            "/api/v1/certificates/" + cert + "/revocation",
            Map.of("livenessSessionId", face, "reason", "ID_CARD_FOUND"),
            auth);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(revoked.body());

    assertThat(api.get("/api/v1/certificates/" + cert, auth).text("status")).isEqualTo("REVOKED");
    assertThat(api.get("/api/v1/certificates/" + cert + "/qr", "X-View-Session", view).text("code"))
        .isEqualTo("CERTIFICATE_REVOKED");
    HttpApi.Answer online =
        api.post(
            "/api/v1/verifications",
            Map.of("token", frame, "checkpoint", Map.of("id", "pg-gate", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            CHECKPOINT_KEY);
    assertThat(online.text("reason")).isEqualTo("CERTIFICATE_REVOKED");
    assertThat(api.get("/api/v1/status-list", "X-Checkpoint-Key", CHECKPOINT_KEY).raw())
        .contains(cert);
    assertThat(
            api.get("/api/v1/certificates/" + cert + "/checks", auth)
                .body()
                .path("items")
                .get(0)
                .path("result")
                .asText())
        .isEqualTo("REJECTED");
    String instance =
        history
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(cert)
            .finished()
            .singleResult()
            .getId();
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance)
                .activityId("EndEvent_CertificateRevoked")
                .finished()
                .count())
        .as("the lifecycle ended through the message")
        .isEqualTo(1);
  }

  @Test
  void aChildsApplication_isIssuedOnlyAfterBothFaceChecks_andTheGuardianIsPurgedWithTheCase() {
    HttpApi api = new HttpApi(port);
    LocalDate today = LocalDate.ofInstant(api.clockNow(), ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("310104", today.minusYears(7));
    String guardian = TestIdentities.randomIdNumber();
    api.inRegistry("林小", child);
    api.inRegistry("林大", guardian);
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("林小", child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    body.put("consents", consents);
    HttpApi.Answer refused = api.post("/api/v1/applications", body);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("code")).isEqualTo("GUARDIAN_REQUIRED");

    consents.put("guardian", true);
    body.put("guardian", Map.of("name", "林大", "idType", "RESIDENT_ID_CARD", "idNumber", guardian));
    HttpApi.Answer submitted = api.post("/api/v1/applications", body);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    api.completeLiveness(submitted.body().path("liveness").path("sessionId").asText(), "PASS");
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from liveness_session where application_id = ?"
                                + " and purpose = 'APPLICATION' and status = 'PASSED'")
                        .param(id)
                        .query(Long.class)
                        .single()
                    == 1);
    // the process now waits for the guardian: it must not issue on its own
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !"ISSUED".equals(api.application(id, token).text("status")));

    api.completeLiveness(
        submitted.body().path("guardianLiveness").path("sessionId").asText(), "PASS");
    api.awaitStatus(id, token, WAIT, "ISSUED");

    api.advanceClock(Duration.ofDays(33));
    purge.purgeDue();
    Map<String, Object> row =
        jdbc.sql(
                "select name_enc, id_number_enc, person_key, consent_given from guardian_consent where application_id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(row.get("name_enc")).isNull();
    assertThat(row.get("id_number_enc")).isNull();
    assertThat(row.get("person_key")).isNull();
    assertThat(row.get("consent_given")).as("the consent given stays as evidence").isEqualTo(true);
  }
}
