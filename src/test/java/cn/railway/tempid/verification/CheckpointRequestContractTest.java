package cn.railway.tempid.verification;

import static cn.railway.tempid.support.SliceCallers.DEMO_CHECKPOINT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.TestIdentities;
import cn.railway.tempid.support.WebSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The checkpoint API at the web edge (verifications and checkpoint keys, one context): a bad ticket
 * field, an offline batch that is empty or too large, a key registered without known types or a
 * station are each a 400 naming the field, and an upload without a checkpoint key a 401; none of
 * them reaches the verification or the keys. Verifying real frames, recording sightings and
 * registering keys are with the whole service: {@code verification.CheckpointAnswerByRoleTest},
 * {@code OfflineSightingsApiTest}, {@code CheckpointRolesTest} and {@code CheckpointKeyApiTest}.
 */
@WebSliceTest({VerificationController.class, CheckpointKeyController.class})
class CheckpointRequestContractTest {
  @Autowired Http http;
  @MockitoBean VerificationService verifications;
  @MockitoBean OfflineSightings offlineSightings;
  @MockitoBean SigningKeys signingKeys;
  @MockitoBean CertificateService certificates;
  @MockitoBean Clock clock;
  @MockitoBean StatusListTokens statusListTokens;

  /** A credential resolver too: only its administration must not be reached. */
  @MockitoBean CheckpointKeys keys;

  @AfterEach
  void nothingReachedTheVerificationOrTheKeys() {
    verifyNoInteractions(
        verifications, offlineSightings, signingKeys, certificates, statusListTokens);
    verify(keys, never()).exists(anyString());
    verify(keys, never()).register(anyString(), anyString(), anyString(), anyBoolean(), any());
  }

  /** Was part of {@code CheckpointAnswerByRoleTest}'s test of a rejected frame. */
  @Test
  void aBadTicketFieldIsA400ThatEchoesNothing() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String tooLong = idNumber.repeat(4);
    for (String bad : List.of("", tooLong)) {
      Http.Response r =
          http.post(
              "/api/v1/verifications",
              Map.of(
                  "token",
                  "not a frame",
                  "checkpoint",
                  Map.of("id", "g1", "type", "ENTRY_GATE"),
                  "ticketIdNumber",
                  bad),
              "X-Checkpoint-Key",
              DEMO_CHECKPOINT_KEY);
      Http.assertValidation(r, "VALIDATION_FAILED", "ticketIdNumber");
      assertThat(r.raw()).doesNotContain(idNumber);
    }
  }

  @Test
  void onlyCheckpointsMayUpload_andTheBatchIsBounded() throws Exception {
    Map<String, Object> one =
        Map.of(
            "token",
            "V50",
            "checkpoint",
            Map.of("id", "gate-51", "type", "ENTRY_GATE"),
            "scannedAt",
            Instant.parse("2026-01-01T08:00:00Z").toString());
    assertThat(
            http.post("/api/v1/verifications/offline", Map.of("sightings", List.of(one))).status())
        .isEqualTo(401);
    Http.Response empty =
        http.post(
            "/api/v1/verifications/offline",
            Map.of("sightings", List.of()),
            "X-Checkpoint-Key",
            DEMO_CHECKPOINT_KEY);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.text("code")).isEqualTo("VALIDATION_FAILED");
    Http.Response tooMany =
        http.post(
            "/api/v1/verifications/offline",
            Map.of("sightings", java.util.Collections.nCopies(201, one)),
            "X-Checkpoint-Key",
            DEMO_CHECKPOINT_KEY);
    assertThat(tooMany.status()).isEqualTo(400);
  }

  @Test
  void aKeyIsRegisteredWithAtLeastOneKnownTypeAndAStationCode() throws Exception {
    Http.assertValidation(
        http.post(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                CheckpointRolesTest.newId("x"),
                "description",
                "no roles",
                "realNameAllowed",
                false),
            "Authorization",
            Http.DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "checkpointTypes",
        "station");
    Http.Response unknownType =
        http.post(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                CheckpointRolesTest.newId("x"),
                "description",
                "bad type",
                "realNameAllowed",
                false,
                "checkpointTypes",
                List.of("LUGGAGE_SCANNER"),
                "station",
                "bjp"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(fieldsNamed(Http.assertValidation(unknownType, "VALIDATION_FAILED")))
        .anyMatch(f -> f.startsWith("checkpointTypes"))
        .contains("station");
  }

  /** Field names of a validation problem's errors[]. */
  static List<String> fieldsNamed(JsonNode problem) {
    return StreamSupport.stream(problem.path("errors").spliterator(), false)
        .map(e -> e.path("field").asText())
        .toList();
  }
}
