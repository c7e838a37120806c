package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An offline checkpoint uploads what it scanned once the network is back ({@code POST
 * /verifications/offline}): genuine frames that were current when scanned are recorded at their
 * scan time and flagged when another checkpoint saw the same frame; anything else is answered but
 * not recorded. Who may upload and the batch's bounds are in {@code
 * verification.CheckpointRequestContractTest}, a web slice.
 */
@ApplicationTest
class OfflineSightingsApiTest {
  private static final String KEY = "demo-checkpoint-key";

  @Autowired Passengers passengers;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  @Test
  void genuineFramesAreRecordedAtTheirScanTime_andRepeatsAtAnotherCheckpointAreFlagged()
      throws Exception {
    Shown shown = shownFrame("吴十");
    // a device's scan time, in milliseconds as browsers keep it
    Instant scannedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    JsonNode first = upload(sighting(shown.frame(), "gate-31", scannedAt)).get(0);
    assertThat(first.path("recorded").asBoolean()).isTrue();
    assertThat(first.path("result").asText()).isEqualTo("ACCEPTED");
    assertThat(first.path("certificateId").asText()).isEqualTo(shown.certificateId());
    assertThat(first.path("alreadySeenAt").isNull()).isTrue();
    assertThat(first.has("maskedName")).as("no holder data offline").isFalse();
    assertThat(sightings(shown.certificateId())).isEqualTo(1);

    // the same frame from the same device again: nothing new; from another device: flagged
    upload(sighting(shown.frame(), "gate-31", scannedAt));
    assertThat(sightings(shown.certificateId())).isEqualTo(1);
    JsonNode second = upload(sighting(shown.frame(), "gate-32", scannedAt.plusSeconds(5))).get(0);
    assertThat(second.path("recorded").asBoolean()).isTrue();
    assertThat(Instant.parse(second.path("alreadySeenAt").asText())).isEqualTo(scannedAt);
    assertThat(sightings(shown.certificateId())).isEqualTo(2);
  }

  @Test
  void forgedLateAndFutureFramesAreAnsweredButNotRecorded() throws Exception {
    Shown shown = shownFrame("郑十一");
    String forged =
        shown.frame().substring(0, 120)
            + (shown.frame().charAt(120) == '0' ? '1' : '0')
            + shown.frame().substring(121);
    Instant now = clock.instant();

    JsonNode items =
        upload(
            sighting(forged, "gate-41", now),
            sighting(shown.frame(), "gate-41", now.plusSeconds(600)),
            sighting(shown.frame(), "gate-41", now.minusSeconds(600)),
            sighting("not a frame", "gate-41", now));
    assertThat(items).hasSize(4);
    assertThat(items.get(0).path("reason").asText()).isIn("BAD_SIGNATURE", "MALFORMED");
    assertThat(items.get(1).path("reason").asText()).isEqualTo("FRAME_EXPIRED");
    assertThat(items.get(2).path("reason").asText()).isEqualTo("FRAME_EXPIRED");
    assertThat(items.get(3).path("reason").asText()).isEqualTo("MALFORMED");
    items.forEach(i -> assertThat(i.path("recorded").asBoolean()).isFalse());
    assertThat(sightings(shown.certificateId())).isZero();
  }

  private record Shown(String certificateId, String frame) {}

  private Shown shownFrame(String name) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Answer submitted = passengers.submitAsGuest(name, idNumber);
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
    return new Shown(cert, frame);
  }

  private static Map<String, Object> sighting(String token, String device, Instant scannedAt) {
    return Map.of(
        "token",
        token,
        "checkpoint",
        Map.of("id", device, "type", "ENTRY_GATE"),
        "scannedAt",
        scannedAt.toString());
  }

  @SafeVarargs
  private JsonNode upload(Map<String, Object>... sightings) throws Exception {
    Answer a =
        passengers.postJson(
            "/api/v1/verifications/offline",
            Map.of("sightings", List.of(sightings)),
            "X-Checkpoint-Key",
            KEY);
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
    return a.body().path("items");
  }

  private long sightings(String certificateId) {
    return jdbc.sql("select count(*) from frame_sighting where certificate_id = ?")
        .param(certificateId)
        .query(Long.class)
        .single();
  }
}
