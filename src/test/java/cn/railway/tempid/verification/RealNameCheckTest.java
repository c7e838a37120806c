package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The full ID number goes only to checkpoints whose key is allowed real-name checks. */
@ApplicationTest
class RealNameCheckTest {
  @Autowired Passengers passengers;
  @Autowired CheckpointKeys checkpointKeys;

  @Test
  void aGateWithoutRealNameRights_seesOnlyMaskedIdentity() throws Exception {
    checkpointKeys.register(
        "gate-only", "gate-only-key", "Entry gates, no real-name rights", false);
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("孙八", idNumber);
    Answer submitted = passengers.submitAsGuest("孙八", idNumber);
    String applicationId = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(applicationId, session, "PASS", null, null);
    String token = submitted.text("applicantToken");
    String cert = passengers.application(applicationId, token).text("certificateId");
    String view =
        passengers
            .postJson(
                "/api/v1/certificates/" + cert + "/view-sessions",
                Map.of("livenessSessionId", session),
                "X-Applicant-Token",
                token)
            .text("viewSessionToken");
    String frame =
        passengers
            .get("/api/v1/certificates/" + cert + "/qr", "X-View-Session", view)
            .text("token");

    Answer gate =
        passengers.postJson(
            "/api/v1/verifications",
            Map.of("token", frame, "checkpoint", Map.of("id", "gate-9", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            "gate-only-key");
    assertThat(gate.text("result")).isEqualTo("ACCEPTED");
    assertThat(gate.text("maskedIdNumber")).isNotBlank();
    assertThat(gate.body().has("idNumber")).isFalse();
    assertThat(gate.body().toString()).doesNotContain(idNumber).doesNotContain("孙八");

    assertThat(passengers.get("/api/v1/status-list", "X-Checkpoint-Key", "wrong-key").status())
        .isEqualTo(401);
  }
}
