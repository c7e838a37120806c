package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R19 checkpoint roles: a checkpoint key acts only as the checkpoint types it is registered for, at
 * its station or on its train, and every sighting records the type and the place. A key's
 * registration without known types or a station (400) is in {@code
 * verification.CheckpointRequestContractTest}, a web slice.
 */
@ApplicationTest
class CheckpointRolesTest {
  @Autowired Http http;
  @Autowired ShownCertificates certificates;
  @Autowired JdbcClient jdbc;

  /** Registers a key through the administration API; returns the key shown once. */
  String register(String id, List<String> types, String station, boolean realName)
      throws Exception {
    Http.Response issued =
        http.post(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                id,
                "description",
                "test checkpoint " + id,
                "realNameAllowed",
                realName,
                "checkpointTypes",
                types,
                "station",
                station),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(issued.status()).as("%s", issued).isEqualTo(201);
    return issued.text("key");
  }

  static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  record Sighting(String checkpointType, String station) {}

  List<Sighting> sightings(String certificateId) {
    return jdbc.sql(
            "select checkpoint_type, station from frame_sighting where certificate_id = ?"
                + " order by seen_at, checkpoint_type")
        .param(certificateId)
        .query((rs, row) -> new Sighting(rs.getString(1), rs.getString(2)))
        .list();
  }

  @Test
  void aGateKeyActingAsATicketWindow_isRefusedWith403_andNothingIsRecorded() throws Exception {
    String key = register(newId("gate"), List.of("ENTRY_GATE", "EXIT_GATE"), "SHH", true);
    Shown shown = certificates.issueAndShow("周九");
    String frame = certificates.frame(shown);

    Http.Response refused =
        http.post(
            "/api/v1/verifications",
            Map.of("token", frame, "checkpoint", Map.of("id", "g1", "type", "TICKET_WINDOW")),
            "X-Checkpoint-Key",
            key);
    Http.assertProblem(refused, 403, "CHECKPOINT_TYPE_NOT_ALLOWED");
    assertThat(refused.toString()).doesNotContain(shown.idNumber());
    assertThat(sightings(shown.certificateId())).isEmpty();

    var asGate = certificates.verify(key, frame, "g1", "EXIT_GATE", null);
    assertThat(asGate.status()).isEqualTo(200);
    assertThat(asGate.text("result")).isEqualTo("ACCEPTED");
    assertThat(sightings(shown.certificateId())).containsExactly(new Sighting("EXIT_GATE", "SHH"));
  }

  @Test
  void everySightingRecordsTheTypeTheDeviceActedAsAndItsKeysStation() throws Exception {
    Shown shown = certificates.issueAndShow("吴十");
    String frame = certificates.frame(shown);
    for (String type :
        List.of("ENTRY_GATE", "TICKET_WINDOW", "REAL_NAME_CHECK", "EXIT_GATE", "ON_TRAIN")) {
      var answer =
          certificates.verify(
              ShownCertificates.DEMO_CHECKPOINT_KEY, frame, "device-" + type, type, null);
      assertThat(answer.text("result")).as(type).isEqualTo("ACCEPTED");
    }
    assertThat(sightings(shown.certificateId()))
        .extracting(Sighting::checkpointType)
        .containsExactlyInAnyOrder(
            "ENTRY_GATE", "TICKET_WINDOW", "REAL_NAME_CHECK", "EXIT_GATE", "ON_TRAIN");
    assertThat(sightings(shown.certificateId())).extracting(Sighting::station).containsOnly("BJP");
  }

  /** An operator makes key {@code id} an on-train checkpoint of train G1234. */
  Http.Response toOnTrainG1234(String id) throws Exception {
    return http.perform(
        put("/api/v1/checkpoint-keys/" + id + "/roles")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                http.write(
                    Map.of(
                        "realNameAllowed",
                        false,
                        "checkpointTypes",
                        List.of("ON_TRAIN"),
                        "station",
                        "G1234"))),
        "Authorization",
        Http.DEMO_OPERATOR);
  }

  @Test
  void anOperatorChangesAKeysRoles_effectiveWithItsNextRequest() throws Exception {
    String id = newId("train");
    String key = register(id, List.of("ENTRY_GATE"), "BJP", false);
    Http.Response changed = toOnTrainG1234(id);
    assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    assertThat(changed.body().path("checkpointTypes").toString()).isEqualTo("[\"ON_TRAIN\"]");
    assertThat(changed.text("station")).isEqualTo("G1234");

    Shown shown = certificates.issueAndShow("郑一");
    String frame = certificates.frame(shown);
    Http.assertProblem(
        http.post(
            "/api/v1/verifications",
            Map.of("token", frame, "checkpoint", Map.of("id", "t1", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            key),
        403,
        "CHECKPOINT_TYPE_NOT_ALLOWED");
    assertThat(certificates.verify(key, frame, "t1", "ON_TRAIN", null).text("result"))
        .isEqualTo("ACCEPTED");
    assertThat(sightings(shown.certificateId())).containsExactly(new Sighting("ON_TRAIN", "G1234"));

    Http.Response unknown = toOnTrainG1234("no-such-key");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void theDemoKeyActsAsEveryTypeAtBeijingStation() throws Exception {
    Http.Response list = http.get("/api/v1/checkpoint-keys", "Authorization", Http.DEMO_OPERATOR);
    var demo =
        java.util.stream.StreamSupport.stream(list.body().spliterator(), false)
            .filter(k -> k.path("id").asText().equals("demo-checkpoint"))
            .findFirst()
            .orElseThrow();
    assertThat(demo.path("station").asText()).isEqualTo("BJP");
    assertThat(demo.path("realNameAllowed").asBoolean()).isTrue();
    assertThat(demo.path("checkpointTypes").toString())
        .isEqualTo(
            "[\"ENTRY_GATE\",\"EXIT_GATE\",\"TICKET_WINDOW\",\"REAL_NAME_CHECK\",\"ON_TRAIN\"]");
  }
}
