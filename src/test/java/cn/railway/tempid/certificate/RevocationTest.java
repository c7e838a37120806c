package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Revocation (issue 10, API.md "Revocation"): the holder after a fresh face check, an operator with
 * a reason code. The certificate is REVOKED at once everywhere a checkpoint or the holder looks;
 * the lifecycle ends at "Certificate revoked"; idempotent; the quota is not given back; nothing
 * brings it back to life. Here the rules, with real certificates, face checks and Camunda users;
 * the web contract (who gets 401 or 403, malformed requests, the problems of each refusal) is in
 * {@code certificate.web.CertificateRequestContractTest}, a web slice.
 */
@ApplicationTest
class RevocationTest {
  static final String CHECKPOINT_KEY = "demo-checkpoint-key";

  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired JdbcClient jdbc;
  @Autowired Operators operators;
  @Autowired IdentityService identity;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  GuestHolder issued() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("孙八", idNumber);
    return issued(idNumber);
  }

  /** Issues a certificate to a person already in the registry. */
  GuestHolder issued(String idNumber) throws Exception {
    return GuestHolder.issue(passengers, "孙八", idNumber);
  }

  /** A new face check of the holder (re-verification), completed with this outcome. */
  String faceCheck(GuestHolder h, String outcome) throws Exception {
    Answer started =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/reverifications", Map.of(), h.auth());
    assertThat(started.status()).isEqualTo(201);
    String session = started.text("sessionId");
    assertThat(
            passengers
                .postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", outcome))
                .status())
        .isEqualTo(204);
    return session;
  }

  Answer revoke(GuestHolder h, String livenessSessionId, String reason) throws Exception {
    return passengers.postJson(
        "/api/v1/certificates/" + h.certificateId() + "/revocation",
        Map.of("livenessSessionId", livenessSessionId, "reason", reason),
        h.auth());
  }

  Answer operatorRevoke(String certificateId, Object body, String... auth) throws Exception {
    return passengers.postJson(
        "/api/v1/operator/certificates/" + certificateId + "/revocation", body, auth);
  }

  String frame(GuestHolder h) throws Exception {
    Answer opened =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", h.livenessSessionId()),
            h.auth());
    assertThat(opened.status()).isEqualTo(201);
    return passengers
        .get(
            "/api/v1/certificates/" + h.certificateId() + "/qr",
            "X-View-Session",
            opened.text("viewSessionToken"))
        .text("token");
  }

  Answer verify(String token) throws Exception {
    return passengers.postJson(
        "/api/v1/verifications",
        Map.of("token", token, "checkpoint", Map.of("id", "gate-R1", "type", "ENTRY_GATE")),
        "X-Checkpoint-Key",
        CHECKPOINT_KEY);
  }

  int quotaUsed(GuestHolder h) throws Exception {
    return passengers
        .application(h.applicationId(), h.token())
        .body()
        .path("quota")
        .path("used")
        .asInt();
  }

  ProcessInstance lifecycle(String certificateId) {
    return runtime
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(certificateId)
        .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
        .singleResult();
  }

  @Test
  void theHolderRevokes_afterAFaceCheck_andTheCertificateIsRevokedAtOnceEverywhere()
      throws Exception {
    GuestHolder h = issued();
    Answer opened =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", h.livenessSessionId()),
            h.auth());
    String view = opened.text("viewSessionToken");
    String token =
        passengers
            .get("/api/v1/certificates/" + h.certificateId() + "/qr", "X-View-Session", view)
            .text("token");
    assertThat(verify(token).text("result")).isEqualTo("ACCEPTED");
    ProcessInstance instance = lifecycle(h.certificateId());
    int quotaBefore = quotaUsed(h);

    String face = faceCheck(h, "PASS");
    Instant before = clock.instant();
    Answer revoked = revoke(h, face, "ID_CARD_FOUND");
    assertThat(revoked.status()).as(String.valueOf(revoked.body())).isEqualTo(200);
    assertThat(revoked.text("certificateId")).isEqualTo(h.certificateId());
    assertThat(revoked.text("status")).isEqualTo("REVOKED");
    assertThat(Instant.parse(revoked.text("revokedAt")))
        .isBetween(before.minusMillis(1), clock.instant());

    // the holder's view, the QR page, online checks: at once, no job needed
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("REVOKED");
    Answer qr =
        passengers.get("/api/v1/certificates/" + h.certificateId() + "/qr", "X-View-Session", view);
    assertThat(qr.status()).isEqualTo(410);
    assertThat(qr.text("code")).isEqualTo("CERTIFICATE_REVOKED");
    Answer online = verify(token);
    assertThat(online.text("result")).isEqualTo("REJECTED");
    assertThat(online.text("reason")).isEqualTo("CERTIFICATE_REVOKED");
    assertThat(online.body().path("maskedName").isNull()).isTrue();

    // the status list, and an offline checkpoint that has only the published documents
    Answer status = passengers.get("/api/v1/status-list", "X-Checkpoint-Key", CHECKPOINT_KEY);
    assertThat(status.body().path("revoked").toString())
        .contains(h.certificateId())
        .contains("\"REVOKED\"");
    Verification offline =
        new FrameVerifier(
                KeyLookup.of(
                    Jwks.parse(passengers.get("/api/v1/verification-keys").body().toString())),
                StatusList.parse(status.body().toString()).indexed())
            .verify(token, clock.instant());
    assertThat(offline.reason()).isEqualTo(Verification.Reason.CERTIFICATE_REVOKED);

    // the lifecycle ended through the message, as Cockpit shows
    assertThat(instance)
        .hasPassed("StartEvent_CertificateRevoked", "EndEvent_CertificateRevoked")
        .hasNotPassed("Task_ExpireCertificate", "EndEvent_CertificateWithdrawn")
        .isEnded();
    assertThat(quotaUsed(h)).as("the quota is not given back").isEqualTo(quotaBefore);
    // audit: who and why, ids and codes only
    assertThat(
            jdbc.sql(
                    "select actor_type || ':' || actor_id || ':' || reason_code"
                        + " from certificate_revocation where certificate_id = ?")
                .param(h.certificateId())
                .query(String.class)
                .single())
        .isEqualTo("HOLDER:guest:ID_CARD_FOUND");
  }

  @Test
  void revokingAgain_answersTheSameRevocation_withoutAnotherFaceCheck() throws Exception {
    GuestHolder h = issued();
    String session = faceCheck(h, "PASS");
    Answer first = revoke(h, session, "OTHER");
    assertThat(first.status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(2));
    Answer again = revoke(h, session, "ID_CARD_FOUND");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    Answer byOperator =
        operatorRevoke(
            h.certificateId(),
            Map.of("reasonCode", "REPORTED_FRAUD"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(byOperator.status()).isEqualTo(200);
    assertThat(byOperator.body()).as("still the first revocation").isEqualTo(first.body());
    assertThat(
            jdbc.sql("select count(*) from certificate_revocation where certificate_id = ?")
                .param(h.certificateId())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void withoutAFreshPassedFaceCheckOfTheHolder_nothingIsRevoked() throws Exception {
    GuestHolder h = issued();
    GuestHolder other = issued();
    String failed = faceCheck(h, "SPOOF");
    String othersFace = faceCheck(other, "PASS");
    String stale = faceCheck(h, "PASS");
    clock.advance(Duration.ofMinutes(6));

    for (String session : new String[] {"no-such-session", failed, othersFace, stale}) {
      Answer refused = revoke(h, session, "ID_CARD_FOUND");
      assertThat(refused.status()).as(session).isEqualTo(422);
      assertThat(refused.text("code")).isEqualTo("LIVENESS_REQUIRED");
    }
    String used = faceCheck(h, "PASS");
    passengers.postJson(
        "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
        Map.of("livenessSessionId", used),
        h.auth());
    assertThat(revoke(h, used, "ID_CARD_FOUND").text("code"))
        .as("a face check already used to view")
        .isEqualTo("LIVENESS_REQUIRED");
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("ACTIVE");
  }

  @Test
  void otherPeoplesCertificates_are404_andStayActive() throws Exception {
    GuestHolder h = issued();
    GuestHolder other = issued();
    String session = faceCheck(h, "PASS");
    Answer notMine =
        passengers.postJson(
            "/api/v1/certificates/" + other.certificateId() + "/revocation",
            Map.of("livenessSessionId", session, "reason", "OTHER"),
            h.auth());
    assertThat(notMine.status()).isEqualTo(404);
    assertThat(notMine.text("code")).isEqualTo("NOT_FOUND");
    assertThat(
            passengers
                .get("/api/v1/certificates/" + other.certificateId(), other.auth())
                .text("status"))
        .isEqualTo("ACTIVE");
  }

  @Test
  void anExpiredOrSupersededCertificate_cannotBeRevoked() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("孙八", idNumber);
    GuestHolder first = issued(idNumber);
    clock.advance(Duration.ofHours(21).plusMinutes(1));
    String session = faceCheck(first, "PASS");
    GuestHolder second = issued(idNumber);
    Answer superseded = revoke(first, session, "ID_CARD_FOUND");
    assertThat(superseded.status()).isEqualTo(409);
    assertThat(superseded.text("code")).isEqualTo("CERTIFICATE_NOT_ACTIVE");

    clock.advance(Duration.ofHours(24));
    Answer expired =
        operatorRevoke(
            second.certificateId(),
            Map.of("reasonCode", "REPORTED_FRAUD"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(expired.status()).isEqualTo(409);
    assertThat(expired.text("code")).isEqualTo("CERTIFICATE_NOT_ACTIVE");
    assertThat(
            passengers
                .get("/api/v1/certificates/" + second.certificateId(), second.auth())
                .text("status"))
        .isEqualTo("EXPIRED");
  }

  @Test
  void anOperatorRevokesWithAReasonCode_andTheNoteIsKeptEncrypted() throws Exception {
    GuestHolder h = issued();
    String note = "reported by station police, case " + h.idNumber().substring(0, 6);
    Answer revoked =
        operatorRevoke(
            h.certificateId(),
            Map.of("reasonCode", "REPORTED_FRAUD", "note", note),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(revoked.status()).as(String.valueOf(revoked.body())).isEqualTo(200);
    assertThat(revoked.text("status")).isEqualTo("REVOKED");
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("REVOKED");
    Map<String, Object> audit =
        jdbc.sql("select * from certificate_revocation where certificate_id = ?")
            .param(h.certificateId())
            .query()
            .singleRow();
    assertThat(audit.get("ACTOR_TYPE")).isEqualTo("OPERATOR");
    assertThat(audit.get("ACTOR_ID")).isEqualTo("demo");
    assertThat(audit.get("REASON_CODE")).isEqualTo("REPORTED_FRAUD");
    assertThat(String.valueOf(audit.get("NOTE_ENC"))).isNotBlank().doesNotContain("police");
    assertThat(lifecycle(h.certificateId())).as("lifecycle ended").isNull();
  }

  @Test
  void onlyReviewersAndAdministrators_mayRevokeAsOperators() throws Exception {
    GuestHolder h = issued();
    Map<String, Object> body = Map.of("reasonCode", "REPORTED_FRAUD");
    String nobody = operators.newUser();
    Answer forbidden =
        operatorRevoke(
            h.certificateId(), body, "Authorization", Http.basic(nobody, Operators.PASSWORD));
    assertThat(forbidden.status()).as("a Camunda user in no staff group").isEqualTo(403);
    assertThat(
            operatorRevoke("no-such-certificate", body, "Authorization", Http.DEMO_OPERATOR)
                .status())
        .isEqualTo(404);
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("ACTIVE");

    String reviewer = operators.newUser();
    identity.createMembership(reviewer, "reviewers");
    Answer byReviewer =
        operatorRevoke(
            h.certificateId(), body, "Authorization", Http.basic(reviewer, Operators.PASSWORD));
    assertThat(byReviewer.status()).isEqualTo(200);
  }

  @Test
  void aRevokedCertificateIsNeverRenewedIntoLife_aNewApplicationGetsANewOne() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("孙八", idNumber);
    GuestHolder h = issued(idNumber);
    assertThat(revoke(h, faceCheck(h, "PASS"), "ID_CARD_FOUND").status()).isEqualTo(200);
    Answer reverify =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/reverifications", Map.of(), h.auth());
    assertThat(reverify.status()).isEqualTo(410);
    assertThat(reverify.text("code")).isEqualTo("CERTIFICATE_REVOKED");

    GuestHolder next = issued(idNumber);
    assertThat(next.certificateId()).isNotEqualTo(h.certificateId());
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .as("revoked stays revoked, not superseded")
        .isEqualTo("REVOKED");
    assertThat(quotaUsed(next)).as("both certificates count").isEqualTo(2);
    clock.advance(Duration.ofHours(25));
    jobs.runDue(next.certificateId());
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("REVOKED");
  }
}
