package cn.railway.tempid.audit;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The audit trail of who was shown which case's personal data, and the reviewer's case view. */
@ApplicationTest
class PersonalDataAccessTest {
  static final String CHECKPOINT_KEY = "demo-checkpoint-key";

  @Autowired Http http;
  @Autowired Passengers passengers;

  JsonNode audit(String subjectId) throws Exception {
    Http.Response r =
        http.get("/api/v1/audit?subjectId=" + subjectId, "Authorization", DEMO_OPERATOR);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.body();
  }

  @Test
  void aReviewerOpeningACase_seesWhatTheyNeed_maskedOnly_andIsAudited() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("钱多多", idNumber);
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("钱多多", idNumber));
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.95, 0.70);
    String taskId = null;
    for (JsonNode r : http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR).body()) {
      if (id.equals(r.path("applicationId").asText())) {
        taskId = r.path("taskId").asText();
      }
    }
    assertThat(taskId).isNotNull();
    assertThat(audit(id)).isEmpty();

    Http.Response opened = http.get("/api/v1/reviews/" + taskId, "Authorization", DEMO_OPERATOR);
    assertThat(opened.status()).as("%s", opened).isEqualTo(200);
    JsonNode c = opened.body();
    assertThat(c.path("applicationId").asText()).isEqualTo(id);
    assertThat(c.path("maskedName").asText()).isEqualTo("钱**");
    assertThat(c.path("maskedIdNumber").asText())
        .isEqualTo(idNumber.substring(0, 4) + "**********" + idNumber.substring(14));
    assertThat(c.path("city").asText()).isNotBlank();
    assertThat(c.path("reasonCodes").toString()).contains("FACE_MATCH_BORDERLINE");
    assertThat(c.path("livenessScore").decimalValue()).isEqualByComparingTo("0.95");
    assertThat(c.path("faceMatchScore").decimalValue()).isEqualByComparingTo("0.70");
    assertThat(c.path("registryResult").asText()).isEqualTo("MATCH");
    assertThat(c.path("registryFlags").isArray()).isTrue();
    assertThat(c.path("createdAt").asText()).isNotBlank();
    assertThat(c.path("dueAt").asText()).isNotBlank();
    assertThat(opened.raw()).doesNotContain(idNumber).doesNotContain("钱多多");

    JsonNode entries = audit(id);
    assertThat(entries).hasSize(1);
    JsonNode e = entries.get(0);
    assertThat(e.path("actorType").asText()).isEqualTo("REVIEWER");
    assertThat(e.path("actorId").asText()).isEqualTo("demo");
    assertThat(e.path("subjectType").asText()).isEqualTo("APPLICATION");
    assertThat(e.path("subjectId").asText()).isEqualTo(id);
    assertThat(e.path("shown").asText()).isEqualTo("MASKED");
    assertThat(e.path("purpose").asText()).isEqualTo("REVIEW");
    assertThat(e.path("at").asText()).isNotBlank();

    assertProblem(
        http.get("/api/v1/reviews/no-such-task", "Authorization", DEMO_OPERATOR), 404, "NOT_FOUND");
    assertProblem(
        http.get("/api/v1/reviews/" + "t".repeat(100), "Authorization", DEMO_OPERATOR),
        404,
        "NOT_FOUND");
  }

  @Test
  void checkpointVerificationsAndOwnerViews_areAudited() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("孙审计", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("孙审计", idNumber);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(id, session, "PASS", null, null);
    String certificateId = passengers.application(id, token).text("certificateId");
    assertThat(certificateId).isNotNull();

    assertThat(
            passengers
                .get("/api/v1/certificates/" + certificateId, "X-Applicant-Token", token)
                .status())
        .isEqualTo(200);
    Passengers.Answer view =
        passengers.postJson(
            "/api/v1/certificates/" + certificateId + "/view-sessions",
            Map.of("livenessSessionId", session),
            "X-Applicant-Token",
            token);
    assertThat(view.status()).isEqualTo(201);
    String frame =
        passengers
            .get(
                "/api/v1/certificates/" + certificateId + "/qr",
                "X-View-Session",
                view.text("viewSessionToken"))
            .text("token");
    Passengers.Answer verified =
        passengers.postJson(
            "/api/v1/verifications",
            Map.of(
                "token",
                frame,
                "checkpoint",
                Map.of("id", "window-audit", "type", "TICKET_WINDOW")),
            "X-Checkpoint-Key",
            CHECKPOINT_KEY);
    assertThat(verified.text("result")).isEqualTo("ACCEPTED");

    JsonNode entries = audit(certificateId);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).path("actorType").asText()).isEqualTo("PASSENGER");
    assertThat(entries.get(0).path("actorId").asText()).isEqualTo("guest");
    assertThat(entries.get(0).path("purpose").asText()).isEqualTo("OWNER_VIEW");
    assertThat(entries.get(0).path("shown").asText()).isEqualTo("MASKED");
    assertThat(entries.get(1).path("actorType").asText()).isEqualTo("CHECKPOINT");
    assertThat(entries.get(1).path("actorId").asText()).isEqualTo("demo-checkpoint");
    assertThat(entries.get(1).path("subjectType").asText()).isEqualTo("CERTIFICATE");
    assertThat(entries.get(1).path("shown").asText())
        .as("a ticket window whose key has real-name rights")
        .isEqualTo("FULL_ID_NUMBER");
    assertThat(entries.get(1).path("purpose").asText()).isEqualTo("VERIFICATION");
    assertThat(entries.toString()).doesNotContain(idNumber).doesNotContain("孙");
  }

  /** Who may read the trail, and its required subject: {@code AuditRequestContractTest}. */
  @Test
  void anUnknownSubject_hasNoEntries() throws Exception {
    Http.Response none =
        http.get("/api/v1/audit?subjectId=unknown", "Authorization", DEMO_OPERATOR);
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.body()).isEmpty();
  }
}
