package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Using a certificate (R9–R13, R17, R19): view sessions after a passed face check, rotating QR
 * frames, checkpoint verification online and offline, re-verification, expiry and renewal. The
 * clock is moved instead of waiting; the job executor is off, so the stored instants alone must
 * refuse what is over.
 */
@ApplicationTest
class CertificateUseTest {
  static final String CHECKPOINT_KEY = "demo-checkpoint-key";

  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @Autowired MockMvc mvc;
  @Autowired HistoryService history;

  GuestHolder issued() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("王五", idNumber);
    return GuestHolder.issue(passengers, "王五", idNumber);
  }

  String openViewSession(GuestHolder h, String livenessSessionId) throws Exception {
    Answer opened =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", livenessSessionId),
            h.auth());
    assertThat(opened.status()).as(String.valueOf(opened.body())).isEqualTo(201);
    assertThat(opened.text("expiresAt")).isNotBlank();
    return opened.text("viewSessionToken");
  }

  Answer qr(GuestHolder h, String viewSession) throws Exception {
    return passengers.get(
        "/api/v1/certificates/" + h.certificateId() + "/qr", "X-View-Session", viewSession);
  }

  Answer verify(String token, String checkpointId) throws Exception {
    return passengers.postJson(
        "/api/v1/verifications",
        Map.of("token", token, "checkpoint", Map.of("id", checkpointId, "type", "ENTRY_GATE")),
        "X-Checkpoint-Key",
        CHECKPOINT_KEY);
  }

  @Test
  void holderSeesTheCertificate_withMaskedIdentityAnd24HoursValidity() throws Exception {
    GuestHolder h = issued();
    Answer cert = passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth());
    assertThat(cert.status()).isEqualTo(200);
    assertThat(cert.text("status")).isEqualTo("ACTIVE");
    assertThat(
            Duration.between(
                java.time.Instant.parse(cert.text("issuedAt")),
                java.time.Instant.parse(cert.text("expiresAt"))))
        .isEqualTo(Duration.ofHours(24));
    assertThat(cert.text("maskedName")).isEqualTo("王*");
    assertThat(cert.text("maskedIdNumber"))
        .startsWith(h.idNumber().substring(0, 4))
        .endsWith(h.idNumber().substring(14))
        .contains("**********");
    assertThat(cert.body().toString()).doesNotContain(h.idNumber());

    GuestHolder other = issued();
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), other.auth()).status())
        .isEqualTo(404);
  }

  @Test
  void theApplicationsOwnLivenessOpensOneViewSession_andFramesVerifyAtCheckpoints()
      throws Exception {
    GuestHolder h = issued();
    String view = openViewSession(h, h.livenessSessionId());
    Answer again =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", h.livenessSessionId()),
            h.auth());
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.text("code")).isEqualTo("LIVENESS_REQUIRED");

    Answer frame = qr(h, view);
    assertThat(frame.status()).isEqualTo(200);
    String token = frame.text("token");
    assertThat(token).doesNotContain(h.idNumber()).hasSizeLessThan(200);
    assertThat(frame.body().path("refreshAfterSeconds").asInt()).isBetween(1, 60);
    assertThat(qr(h, view).text("token")).as("refresh within the minute").isEqualTo(token);

    Answer atGate = verify(token, "gate-A1");
    assertThat(atGate.text("result")).isEqualTo("ACCEPTED");
    assertThat(atGate.text("certificateId")).isEqualTo(h.certificateId());
    assertThat(atGate.text("maskedName")).isEqualTo("王*");
    assertThat(atGate.body().has("idNumber"))
        .as("a gate never sees the full ID number, even with a real-name key (R19)")
        .isFalse();
    assertThat(atGate.body().path("alreadySeenAt").isNull()).isTrue();
    assertThat(verify(token, "gate-A1").body().path("alreadySeenAt").isNull())
        .as("the same gate scanning twice is not flagged")
        .isTrue();
    Answer elsewhere = verify(token, "gate-B7");
    assertThat(elsewhere.text("result")).isEqualTo("ACCEPTED");
    assertThat(elsewhere.text("alreadySeenAt")).as("same frame at a second checkpoint").isNotNull();

    // the previous 60-second frame is still accepted (clock skew); older ones are not
    clock.advance(Duration.ofSeconds(60));
    assertThat(verify(token, "gate-C1").text("result")).isEqualTo("ACCEPTED");
    assertThat(qr(h, view).text("token")).as("a new frame every 60 s").isNotEqualTo(token);
    clock.advance(Duration.ofSeconds(60));
    Answer stale = verify(token, "gate-C1");
    assertThat(stale.text("result")).isEqualTo("REJECTED");
    assertThat(stale.text("reason")).isEqualTo("FRAME_EXPIRED");
  }

  @Test
  void aFrameSeenAtSeveralCheckpoints_isFlaggedWithTheEarliestSightingElsewhere() throws Exception {
    GuestHolder h = issued();
    String token = qr(h, openViewSession(h, h.livenessSessionId())).text("token");
    assertThat(verify(token, "gate-1").body().path("alreadySeenAt").isNull()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    Instant atGate1 = Instant.parse(verify(token, "gate-2").text("alreadySeenAt"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(Instant.parse(verify(token, "gate-3").text("alreadySeenAt")))
        .as("the earliest of the other checkpoints (gate 1), not the latest (gate 2)")
        .isEqualTo(atGate1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(Instant.parse(verify(token, "gate-1").text("alreadySeenAt")))
        .as("gate 1 scanning again: gate 2's sighting, 5 s after its own")
        .isBetween(atGate1.plusSeconds(5), atGate1.plusSeconds(10));
  }

  @Test
  void theSameFrameArrivingTwiceAtOnce_isNeverAnError() throws Exception {
    GuestHolder h = issued();
    String token = qr(h, openViewSession(h, h.livenessSessionId())).text("token");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    java.util.List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(pool.submit(() -> verify(token, "gate-retry")));
    }
    for (java.util.concurrent.Future<Answer> answer : answers) {
      assertThat(answer.get().status()).isEqualTo(200);
      assertThat(answer.get().text("result")).isEqualTo("ACCEPTED");
      assertThat(answer.get().body().path("alreadySeenAt").isNull())
          .as("one gate retrying is not a second checkpoint")
          .isTrue();
    }
    pool.shutdown();
  }

  @Test
  void forgedTruncatedOrGarbageTokens_areRejectedNeverAnError() throws Exception {
    GuestHolder h = issued();
    String token = qr(h, openViewSession(h, h.livenessSessionId())).text("token");
    char flipped = token.charAt(20) == 'A' ? 'B' : 'A';
    String forged = token.substring(0, 20) + flipped + token.substring(21);
    assertThat(verify(forged, "g").text("reason"))
        .isIn("BAD_SIGNATURE", "MALFORMED", "UNKNOWN_KEY");
    assertThat(verify(token.substring(0, token.length() - 3), "g").text("reason"))
        .isEqualTo("MALFORMED");
    assertThat(verify("not a token", "g").text("reason")).isEqualTo("MALFORMED");
    assertThat(verify("", "g").status()).isEqualTo(200);
    assertThat(
            passengers
                .postJson(
                    "/api/v1/verifications",
                    Map.of("token", token, "checkpoint", Map.of("id", "g", "type", "ENTRY_GATE")))
                .status())
        .as("no checkpoint key")
        .isEqualTo(401);
  }

  @Test
  void theQrImageCarriesTheFrameToken() throws Exception {
    GuestHolder h = issued();
    String view = openViewSession(h, h.livenessSessionId());
    String token = qr(h, view).text("token");
    MvcResult png =
        mvc.perform(
                get("/api/v1/certificates/" + h.certificateId() + "/qr")
                    .header("X-View-Session", view)
                    .accept(MediaType.IMAGE_PNG))
            .andReturn();
    assertThat(png.getResponse().getStatus()).isEqualTo(200);
    assertThat(png.getResponse().getContentType()).isEqualTo("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.getResponse().getContentAsByteArray()));
    // decoded as a scanner would: the whole image, trying hard (the PNG is a pure QR code)
    String decoded =
        new QRCodeReader()
            .decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(
                    com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                    com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE))
            .getText();
    assertThat(decoded).isEqualTo(token);
  }

  @Test
  void after30Minutes_reverificationIsRequired_evenBeforeTheTimerRuns_andUsesNoQuota()
      throws Exception {
    GuestHolder h = issued();
    String view = openViewSession(h, h.livenessSessionId());
    clock.advance(Duration.ofMinutes(30));
    Answer locked = qr(h, view);
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.text("code")).isEqualTo("REVERIFICATION_REQUIRED");
    jobs.runDue(h.certificateId());
    assertThat(qr(h, view).status()).isEqualTo(401);

    int quotaBefore =
        passengers
            .application(h.applicationId(), h.token())
            .body()
            .path("quota")
            .path("used")
            .asInt();
    Answer started =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/reverifications", Map.of(), h.auth());
    assertThat(started.status()).isEqualTo(201);
    String session = started.text("sessionId");
    assertThat(
            passengers
                .postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS"))
                .status())
        .isEqualTo(204);
    String renewed = openViewSession(h, session);
    assertThat(qr(h, renewed).status()).isEqualTo(200);
    assertThat(
            passengers
                .application(h.applicationId(), h.token())
                .body()
                .path("quota")
                .path("used")
                .asInt())
        .as("R13: viewing uses no quota")
        .isEqualTo(quotaBefore);
  }

  @Test
  void aFailedReverification_opensNoViewSession() throws Exception {
    GuestHolder h = issued();
    String session =
        passengers
            .postJson(
                "/api/v1/certificates/" + h.certificateId() + "/reverifications",
                Map.of(),
                h.auth())
            .text("sessionId");
    passengers.postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", "SPOOF"));
    Answer refused =
        passengers.postJson(
            "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", session),
            h.auth());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("code")).isEqualTo("LIVENESS_REQUIRED");
  }

  @Test
  void earlyRenewal_supersedesTheOldCertificate_whichStopsVerifying() throws Exception {
    GuestHolder h = issued();
    String oldToken = qr(h, openViewSession(h, h.livenessSessionId())).text("token");
    clock.advance(Duration.ofHours(21).plusMinutes(1));
    Answer renewal = passengers.submitAsGuest("王五", h.idNumber());
    assertThat(renewal.status()).isEqualTo(201);
    passengers.completeLiveness(
        renewal.text("applicationId"),
        renewal.body().path("liveness").path("sessionId").asText(),
        "PASS",
        null,
        null);
    assertThat(
            passengers
                .application(renewal.text("applicationId"), renewal.text("applicantToken"))
                .text("status"))
        .isEqualTo("ISSUED");

    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("SUPERSEDED");
    Answer status = passengers.get("/api/v1/status-list", "X-Checkpoint-Key", CHECKPOINT_KEY);
    assertThat(status.body().path("revoked").toString()).contains(h.certificateId());

    // an offline checkpoint with only the two published documents refuses the old frame
    String jwks = passengers.get("/api/v1/verification-keys").body().toString();
    Verification offline =
        new FrameVerifier(
                cn.railway.tempid.frame.KeyLookup.of(Jwks.parse(jwks)),
                StatusList.parse(status.body().toString()).indexed())
            .verify(oldToken, clock.instant().minusSeconds(21 * 3600 + 60));
    assertThat(offline.reason()).isEqualTo(Verification.Reason.CERTIFICATE_SUPERSEDED);
  }

  @Test
  void after24Hours_theCertificateIsExpired_atOnce_andTheLifecycleEnds() throws Exception {
    GuestHolder h = issued();
    String view = openViewSession(h, h.livenessSessionId());
    String token = qr(h, view).text("token");
    clock.advance(Duration.ofHours(24));
    assertThat(passengers.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status"))
        .isEqualTo("EXPIRED");
    Answer gone = qr(h, view);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.text("code")).isEqualTo("CERTIFICATE_EXPIRED");
    jobs.runDue(h.certificateId());
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .activityId("EndEvent_CertificateExpired")
                .list()
                .stream()
                .anyMatch(
                    a ->
                        history
                            .createHistoricProcessInstanceQuery()
                            .processInstanceId(a.getProcessInstanceId())
                            .singleResult()
                            .getBusinessKey()
                            .equals(h.certificateId())))
        .isTrue();
    assertThat(verify(token, "gate").text("result")).isEqualTo("REJECTED");
  }

  @Test
  void aGuestWhoLostThePage_findsTheCertificateAgainWithIdentityAndLiveness() throws Exception {
    GuestHolder h = issued();
    Answer lookup =
        passengers.postJson(
            "/api/v1/certificates/lookup",
            Map.of("name", "王五", "idType", "RESIDENT_ID_CARD", "idNumber", h.idNumber()));
    Answer nobody =
        passengers.postJson(
            "/api/v1/certificates/lookup",
            Map.of(
                "name",
                "王五",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                TestIdentities.randomIdNumber()));
    assertThat(lookup.status()).isEqualTo(202);
    assertThat(nobody.status()).isEqualTo(202);
    assertThat(lookup.body().fieldNames())
        .toIterable()
        .containsExactlyInAnyOrderElementsOf(() -> nobody.body().fieldNames());

    String session = lookup.text("livenessSessionId");
    assertThat(passengers.get("/api/v1/liveness/" + session + "/certificate").status())
        .as("not before liveness passed")
        .isEqualTo(404);
    passengers.postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS"));
    Answer found = passengers.get("/api/v1/liveness/" + session + "/certificate");
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.text("certificateId")).isEqualTo(h.certificateId());
    assertThat(passengers.get("/api/v1/liveness/" + session + "/certificate").status())
        .as("one passed face check reveals the certificate once")
        .isEqualTo(404);
    GuestHolder again =
        new GuestHolder(
            h.applicationId(),
            found.text("applicantToken"),
            h.certificateId(),
            session,
            h.idNumber());
    assertThat(qr(again, openViewSession(again, session)).status()).isEqualTo(200);

    String nobodySession = nobody.text("livenessSessionId");
    passengers.postJson("/api/v1/demo/liveness/" + nobodySession, Map.of("outcome", "PASS"));
    assertThat(passengers.get("/api/v1/liveness/" + nobodySession + "/certificate").status())
        .isEqualTo(404);
  }

  @Test
  void loggingOut_endsEveryViewSessionOfThePassenger() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String username = "u" + idNumber.substring(6, 17);
    assertThat(
            passengers
                .postJson(
                    "/api/v1/demo/users",
                    Map.of(
                        "username",
                        username,
                        "password",
                        "password-123",
                        "name",
                        "钱七",
                        "idNumber",
                        idNumber))
                .status())
        .isEqualTo(201);
    String bearer =
        "Bearer "
            + passengers
                .postJson(
                    "/api/v1/auth/login", Map.of("username", username, "password", "password-123"))
                .text("accessToken");
    Answer submitted =
        passengers.postJson(
            "/api/v1/applications",
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
            "Authorization",
            bearer);
    assertThat(submitted.status()).isEqualTo(201);
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(submitted.text("applicationId"), session, "PASS", null, null);
    String cert =
        passengers
            .get("/api/v1/applications/" + submitted.text("applicationId"), "Authorization", bearer)
            .text("certificateId");
    GuestHolder h = new GuestHolder(submitted.text("applicationId"), null, cert, session, idNumber);
    Answer opened =
        passengers.postJson(
            "/api/v1/certificates/" + cert + "/view-sessions",
            Map.of("livenessSessionId", session),
            "Authorization",
            bearer);
    String view = opened.text("viewSessionToken");
    Answer frame = qr(h, view);
    assertThat(frame.status()).isEqualTo(200);
    assertThat(verify(frame.text("token"), "gate-L1").text("result")).isEqualTo("ACCEPTED");

    assertThat(
            passengers.postJson("/api/v1/auth/logout", Map.of(), "Authorization", bearer).status())
        .isEqualTo(204);
    assertThat(qr(h, view).text("code")).isEqualTo("REVERIFICATION_REQUIRED");
    // the frame still on the screen stops at online checkpoints at once, within its window
    Answer afterLogout = verify(frame.text("token"), "gate-L1");
    assertThat(afterLogout.text("result")).isEqualTo("REJECTED");
    assertThat(afterLogout.text("reason")).isEqualTo("FRAME_EXPIRED");
  }

  @Test
  void theLastFrameOfAViewSession_isRefusedOnlineTheMomentTheSessionLocks() throws Exception {
    GuestHolder h = issued();
    String view = openViewSession(h, h.livenessSessionId());
    clock.advance(Duration.ofMinutes(29).plusSeconds(50));
    String last = qr(h, view).text("token");
    assertThat(verify(last, "gate-T1").text("result")).isEqualTo("ACCEPTED");

    clock.advance(Duration.ofSeconds(10)); // 30 minutes: locked, the frame's window not over
    Answer locked = verify(last, "gate-T1");
    assertThat(locked.text("result")).isEqualTo("REJECTED");
    assertThat(locked.text("reason")).isEqualTo("FRAME_EXPIRED");
    assertThat(locked.body().path("maskedName").isNull()).isTrue();
    jobs.runDue(h.certificateId()); // the lock timer changes nothing about the answer
    assertThat(verify(last, "gate-T1").text("reason")).isEqualTo("FRAME_EXPIRED");
  }
}
