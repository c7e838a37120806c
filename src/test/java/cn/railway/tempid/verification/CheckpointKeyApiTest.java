package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Operators register checkpoint systems; the key is shown once and works until revoked. */
@ApplicationTest
class CheckpointKeyApiTest {
  @Autowired Passengers passengers;

  @Test
  void anOperatorRegistersAndRevokesACheckpointKey() throws Exception {
    String id = "gate-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body =
        Map.of(
            "id",
            id,
            "description",
            "Beijing South, gate 12",
            "realNameAllowed",
            false,
            "checkpointTypes",
            java.util.List.of("ENTRY_GATE", "EXIT_GATE"),
            "station",
            "VNP");
    assertThat(passengers.postJson("/api/v1/checkpoint-keys", body).status()).isEqualTo(401);

    Passengers.Answer issued =
        passengers.postJson("/api/v1/checkpoint-keys", body, "Authorization", Http.DEMO_OPERATOR);
    assertThat(issued.status()).isEqualTo(201);
    String key = issued.text("key");
    assertThat(key).hasSizeGreaterThan(30);
    assertThat(
            passengers
                .postJson("/api/v1/checkpoint-keys", body, "Authorization", Http.DEMO_OPERATOR)
                .text("code"))
        .isEqualTo("CHECKPOINT_EXISTS");
    assertThat(
            passengers
                .get("/api/v1/checkpoint-keys", "Authorization", Http.DEMO_OPERATOR)
                .body()
                .toString())
        .contains(id)
        .doesNotContain(key);

    assertThat(passengers.get("/api/v1/status-list", "X-Checkpoint-Key", key).status())
        .isEqualTo(200);
    assertThat(
            passengers
                .call(
                    org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                            "/api/v1/checkpoint-keys/" + id)
                        .header("Authorization", Http.DEMO_OPERATOR))
                .status())
        .isEqualTo(204);
    assertThat(passengers.get("/api/v1/status-list", "X-Checkpoint-Key", key).status())
        .isEqualTo(401);
  }
}
