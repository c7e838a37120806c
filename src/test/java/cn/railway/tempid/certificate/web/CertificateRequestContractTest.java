package cn.railway.tempid.certificate.web;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.certificate.revocation.RevocationRequests;
import cn.railway.tempid.certificate.revocation.Revocations;
import cn.railway.tempid.certificate.use.HolderViews;
import cn.railway.tempid.certificate.use.ViewAccess;
import cn.railway.tempid.certificate.use.ViewSessionStore;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The certificate routes at the web edge, for both controllers in one context: the holder's routes
 * answer only a passenger or a guest (401 without credentials or with unknown ones, 403 for an
 * operator or a checkpoint) and the operator's revocation only a reviewer or an administrator (403
 * for an analyst, a user in no staff group, a passenger or a guest); a body that is missing, not
 * JSON, or has a missing, blank, over-long or unknown field is a 400 naming the field, another
 * content type a 415, and none of them reaches a service; each refusal of the services (not yours,
 * expired, superseded, revoked, not active, no fresh face check, locked, too many checks) is the
 * problem the route documents, with {@code Retry-After} where it says when to try again; answers
 * with the holder's certificate are never stored by a cache. The rules behind the refusals (owner
 * only, a fresh face check of the holder, idempotent revocation) are in {@code
 * certificate.CertificateUseTest}, {@code certificate.RevocationTest} and {@code
 * certificate.CheckLogTest}, with the whole service.
 */
@WebSliceTest({CertificateController.class, OperatorRevocationController.class})
class CertificateRequestContractTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:30Z");
  private static final String ID = "0f9a4c2e-5b7d-4e1a-9c3f-2d6b8a1e7c40";
  private static final String CERTIFICATES = "/api/v1/certificates/";
  private static final String OPERATOR = "/api/v1/operator/certificates/";
  private static final String[] ADMIN = {"Authorization", Http.DEMO_OPERATOR};
  private static final String[] CHECKPOINT = {"X-Checkpoint-Key", SliceCallers.DEMO_CHECKPOINT_KEY};

  @Autowired Http http;
  @MockitoBean HolderViews holderViews;
  @MockitoBean ViewAccess viewAccess;
  @MockitoBean RevocationRequests revocations;
  @MockitoBean Clock clock;

  @BeforeEach
  void now() {
    doReturn(NOW).when(clock).instant();
  }

  private static Certificate certificate(CertificateStatus status) {
    return new Certificate(
        ID,
        "app-1",
        "slice-person",
        status,
        "王*",
        "1101**********1234",
        NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofHours(23)),
        NOW.plus(Duration.ofHours(20)),
        NOW.minus(Duration.ofHours(1)),
        null,
        7L);
  }

  private static Revocations.Revoked revoked(Revocations.ActorType actor, String reason) {
    return new Revocations.Revoked(ID, NOW, actor, "slice", reason);
  }

  private static Map<String, Object> body(Object... fieldsAndValues) {
    Map<String, Object> body = new HashMap<>();
    for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
      if (fieldsAndValues[i + 1] != null) {
        body.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
      }
    }
    return body;
  }

  private static ApiException refusal(ProblemCode code) {
    return new ApiException(code);
  }

  /** Every holder route, each with a valid request and the given credentials. */
  private List<Http.Response> everyHolderRoute(String... caller) throws Exception {
    return List.of(
        http.get(CERTIFICATES + ID, caller),
        http.get(CERTIFICATES + ID + "/checks", caller),
        http.post(CERTIFICATES + ID + "/view-sessions", body("livenessSessionId", "ls"), caller),
        http.post(CERTIFICATES + ID + "/reverifications", Map.of(), caller),
        http.post(
            CERTIFICATES + ID + "/revocation",
            body("livenessSessionId", "ls", "reason", "OTHER"),
            caller));
  }

  @Test
  void theHoldersRoutes_401WithoutAPassengerOrGuest_403ForOperatorsAndCheckpoints()
      throws Exception {
    for (Http.Response r : everyHolderRoute()) {
      assertThat(r.status()).as("no credentials: %s", r).isEqualTo(401);
    }
    for (Http.Response r : everyHolderRoute("X-Applicant-Token", "unknown-token")) {
      assertThat(r.status()).as("an unknown applicant token: %s", r).isEqualTo(401);
    }
    for (Http.Response r : everyHolderRoute("Authorization", "Bearer unknown-token")) {
      assertThat(r.status()).as("an unknown bearer token: %s", r).isEqualTo(401);
    }
    for (String[] caller : new String[][] {ADMIN, SliceCallers.REVIEWER, CHECKPOINT}) {
      for (Http.Response r : everyHolderRoute(caller)) {
        assertThat(r.status()).as("%s: %s", caller[0], r).isEqualTo(403);
      }
    }
    verifyNoInteractions(holderViews, viewAccess, revocations);
  }

  @Test
  void theHoldersCertificate_isMaskedAndNeverStored_forAPassengerAndAGuest() throws Exception {
    when(holderViews.certificate(any(Caller.class), eq(ID)))
        .thenReturn(certificate(CertificateStatus.ACTIVE));
    for (String[] caller : new String[][] {SliceCallers.PASSENGER, SliceCallers.GUEST}) {
      Http.Response r = http.get(CERTIFICATES + ID, caller);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(MediaType.parseMediaType(r.contentType())).isEqualTo(MediaType.APPLICATION_JSON);
      assertThat(r.servletResponse().getHeader("Cache-Control")).contains("no-store");
      assertThat(r.text("certificateId")).isEqualTo(ID);
      assertThat(r.text("status")).isEqualTo("ACTIVE");
      assertThat(r.text("maskedName")).isEqualTo("王*");
      assertThat(r.text("maskedIdNumber")).isEqualTo("1101**********1234");
      assertThat(r.body().path("statusIndex").asLong()).isEqualTo(7L);
      assertThat(Instant.parse(r.text("expiresAt"))).isEqualTo(NOW.plus(Duration.ofHours(23)));
    }
    // the status is the one at the time of asking, even before a job has recorded it
    doReturn(NOW.plus(Duration.ofHours(24))).when(clock).instant();
    assertThat(http.get(CERTIFICATES + ID, SliceCallers.GUEST).text("status")).isEqualTo("EXPIRED");
  }

  @Test
  void theCheckLog_isCodesAndTimesOnly_andNeverStored() throws Exception {
    when(holderViews.checks(any(Caller.class), eq(ID)))
        .thenReturn(
            new HolderViews.ChecksAndAlerts(
                List.of(new CheckLog.Check(NOW, "ENTRY_GATE", "BJP", "ACCEPTED")),
                List.of(new CheckLog.Alert("IMPOSSIBLE_TRAVEL", NOW))));
    Http.Response r = http.get(CERTIFICATES + ID + "/checks", SliceCallers.PASSENGER);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.servletResponse().getHeader("Cache-Control")).contains("no-store");
    assertThat(r.body().path("items").get(0).path("station").asText()).isEqualTo("BJP");
    assertThat(r.body().path("items").get(0).path("result").asText()).isEqualTo("ACCEPTED");
    assertThat(r.body().path("alerts").get(0).path("code").asText()).isEqualTo("IMPOSSIBLE_TRAVEL");
  }

  @Test
  void aViewSession_needsALivenessSessionId_thenIs201WithTheToken() throws Exception {
    String path = CERTIFICATES + ID + "/view-sessions";
    for (Object value : new Object[] {null, "", "  ", "s".repeat(65)}) {
      assertNamesOnly(
          http.post(path, body("livenessSessionId", value), SliceCallers.GUEST),
          "livenessSessionId");
    }
    assertValidation(
        http.post(path, "{\"livenessSessionId\":", SliceCallers.GUEST), "VALIDATION_FAILED");
    // strict JSON: a number is not text, a key given twice means nothing
    assertValidation(
        http.post(path, "{\"livenessSessionId\":42}", SliceCallers.GUEST), "VALIDATION_FAILED");
    assertValidation(
        http.post(
            path, "{\"livenessSessionId\":\"a\",\"livenessSessionId\":\"b\"}", SliceCallers.GUEST),
        "VALIDATION_FAILED");
    assertProblem(
        http.perform(
            MockMvcRequestBuilders.post(path).contentType(MediaType.TEXT_PLAIN).content("ls"),
            SliceCallers.GUEST),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    verifyNoInteractions(viewAccess);

    when(viewAccess.openViewSession(any(Caller.class), eq(ID), eq("ls-1")))
        .thenReturn(new ViewSessionStore.Opened("vs-1", "view-token", NOW.plusSeconds(1800)));
    Http.Response opened =
        http.post(path, body("livenessSessionId", "ls-1"), SliceCallers.PASSENGER);
    assertThat(opened.status()).as("%s", opened).isEqualTo(201);
    assertThat(opened.text("viewSessionToken")).isEqualTo("view-token");
    assertThat(Instant.parse(opened.text("expiresAt"))).isEqualTo(NOW.plusSeconds(1800));
    assertThat(opened.servletResponse().getHeader("Cache-Control")).contains("no-store");
  }

  @Test
  void aViewSession_refusedByTheRules_isTheDocumentedProblem() throws Exception {
    String path = CERTIFICATES + ID + "/view-sessions";
    Object[][] refusals = {
      {ProblemCode.NOT_FOUND, 404},
      {ProblemCode.LIVENESS_REQUIRED, 422},
      {ProblemCode.CERTIFICATE_EXPIRED, 410},
      {ProblemCode.CERTIFICATE_SUPERSEDED, 410},
      {ProblemCode.CERTIFICATE_REVOKED, 410},
    };
    for (Object[] c : refusals) {
      ProblemCode code = (ProblemCode) c[0];
      when(viewAccess.openViewSession(any(Caller.class), eq(ID), anyString()))
          .thenThrow(refusal(code));
      assertProblem(
          http.post(path, body("livenessSessionId", "ls"), SliceCallers.GUEST),
          (int) c[1],
          code.name());
    }
    when(viewAccess.openViewSession(any(Caller.class), eq(ID), anyString())).thenThrow(locked());
    assertLocked(http.post(path, body("livenessSessionId", "ls"), SliceCallers.GUEST));
  }

  @Test
  void aReverification_is201WithTheLivenessSession_orTheDocumentedProblem() throws Exception {
    String path = CERTIFICATES + ID + "/reverifications";
    when(viewAccess.startReverification(any(Caller.class), eq(ID)))
        .thenReturn(
            new LivenessSession(
                "ls-9",
                LivenessSession.Purpose.REVERIFICATION,
                null,
                ID,
                "slice-person",
                1,
                LivenessSession.Status.PENDING,
                null,
                null,
                NOW,
                NOW.plusSeconds(600),
                null,
                null,
                "demo"));
    // no body at all is fine: the route reads none
    Http.Response started = http.perform(MockMvcRequestBuilders.post(path), SliceCallers.PASSENGER);
    assertThat(started.status()).as("%s", started).isEqualTo(201);
    assertThat(started.text("sessionId")).isEqualTo("ls-9");
    assertThat(Instant.parse(started.text("expiresAt"))).isEqualTo(NOW.plusSeconds(600));

    Object[][] refusals = {
      {ProblemCode.NOT_FOUND, 404},
      {ProblemCode.CERTIFICATE_EXPIRED, 410},
      {ProblemCode.CERTIFICATE_SUPERSEDED, 410},
      {ProblemCode.CERTIFICATE_REVOKED, 410},
    };
    for (Object[] c : refusals) {
      ProblemCode code = (ProblemCode) c[0];
      when(viewAccess.startReverification(any(Caller.class), eq(ID))).thenThrow(refusal(code));
      assertProblem(http.post(path, Map.of(), SliceCallers.GUEST), (int) c[1], code.name());
    }
    when(viewAccess.startReverification(any(Caller.class), eq(ID))).thenThrow(locked());
    assertLocked(http.post(path, Map.of(), SliceCallers.GUEST));
    when(viewAccess.startReverification(any(Caller.class), eq(ID)))
        .thenThrow(
            new ApiException(
                ProblemCode.RATE_LIMITED,
                ProblemCode.RATE_LIMITED.messageEn(),
                Map.of(ApiException.RETRY_AFTER_SECONDS, 60L)));
    Http.Response limited = http.post(path, Map.of(), SliceCallers.GUEST);
    assertProblem(limited, 429, "RATE_LIMITED");
    assertThat(limited.servletResponse().getHeader("Retry-After")).isEqualTo("60");
  }

  @Test
  void aHoldersRevocation_malformed_400_namingTheField_andNothingIsRevoked() throws Exception {
    String path = CERTIFICATES + ID + "/revocation";
    Object[][] cases = {
      {"reason", "LOST_INTEREST"},
      {"reason", null},
      {"reason", ""},
      {"livenessSessionId", null},
      {"livenessSessionId", " "},
      {"livenessSessionId", "s".repeat(65)},
    };
    for (Object[] c : cases) {
      Map<String, Object> body = body("livenessSessionId", "ls", "reason", "ID_CARD_FOUND");
      body.remove((String) c[0]);
      if (c[1] != null) {
        body.put((String) c[0], c[1]);
      }
      assertNamesOnly(http.post(path, body, SliceCallers.GUEST), (String) c[0]);
    }
    assertValidation(http.post(path, null, SliceCallers.GUEST), "VALIDATION_FAILED");
    assertProblem(
        http.perform(
            MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("livenessSessionId=ls&reason=OTHER"),
            SliceCallers.GUEST),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    verifyNoInteractions(revocations);
  }

  @Test
  void aHoldersRevocation_isTheRevocation_orTheDocumentedProblem() throws Exception {
    String path = CERTIFICATES + ID + "/revocation";
    when(revocations.byHolder(any(Caller.class), eq(ID), eq("ID_CARD_FOUND"), eq("ls-1")))
        .thenReturn(revoked(Revocations.ActorType.HOLDER, "ID_CARD_FOUND"));
    Http.Response r =
        http.post(
            path,
            body("livenessSessionId", "ls-1", "reason", "ID_CARD_FOUND"),
            SliceCallers.PASSENGER);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.text("certificateId")).isEqualTo(ID);
    assertThat(r.text("status")).isEqualTo("REVOKED");
    assertThat(Instant.parse(r.text("revokedAt"))).isEqualTo(NOW);

    Object[][] refusals = {
      {ProblemCode.NOT_FOUND, 404},
      {ProblemCode.LIVENESS_REQUIRED, 422},
      {ProblemCode.CERTIFICATE_NOT_ACTIVE, 409},
    };
    for (Object[] c : refusals) {
      ProblemCode code = (ProblemCode) c[0];
      when(revocations.byHolder(any(Caller.class), eq(ID), anyString(), anyString()))
          .thenThrow(refusal(code));
      assertProblem(
          http.post(path, body("livenessSessionId", "ls", "reason", "OTHER"), SliceCallers.GUEST),
          (int) c[1],
          code.name());
    }
    when(revocations.byHolder(any(Caller.class), eq(ID), anyString(), anyString()))
        .thenThrow(locked());
    assertLocked(
        http.post(path, body("livenessSessionId", "ls", "reason", "OTHER"), SliceCallers.GUEST));
  }

  @Test
  void anOperatorsRevocation_onlyReviewersAndAdministrators_401WithoutCredentials()
      throws Exception {
    String path = OPERATOR + ID + "/revocation";
    Map<String, Object> body = body("reasonCode", "REPORTED_FRAUD");
    assertProblem(http.post(path, body), 401, "UNAUTHENTICATED");
    assertThat(http.post(path, body, "Authorization", Http.basic("nobody", "wrong")).status())
        .isEqualTo(401);
    for (String[] caller :
        new String[][] {
          SliceCallers.ANALYST,
          SliceCallers.NO_STAFF_GROUP,
          SliceCallers.PASSENGER,
          SliceCallers.GUEST,
          CHECKPOINT
        }) {
      assertProblem(http.post(path, body, caller), 403, "FORBIDDEN");
    }
    verifyNoInteractions(revocations);

    when(revocations.byOperator(any(Caller.Operator.class), eq(ID), eq("REPORTED_FRAUD"), isNull()))
        .thenReturn(revoked(Revocations.ActorType.OPERATOR, "REPORTED_FRAUD"));
    for (String[] caller : new String[][] {SliceCallers.REVIEWER, ADMIN}) {
      Http.Response r = http.post(path, body, caller);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.text("certificateId")).isEqualTo(ID);
      assertThat(r.text("status")).isEqualTo("REVOKED");
    }
  }

  @Test
  void anOperatorsRevocation_malformed_400_theNoteNeverEchoed_andRefusalsAreProblems()
      throws Exception {
    String path = OPERATOR + ID + "/revocation";
    String note = "reported by station police, case 110101";
    Object[][] cases = {
      {"reasonCode", null},
      {"reasonCode", " "},
      {"reasonCode", "fraud!"},
      {"reasonCode", "R".repeat(65)},
      {"note", "n".repeat(501)},
    };
    for (Object[] c : cases) {
      Map<String, Object> body = body("reasonCode", "REPORTED_FRAUD", "note", note);
      body.remove((String) c[0]);
      if (c[1] != null) {
        body.put((String) c[0], c[1]);
      }
      Http.Response r = http.post(path, body, ADMIN);
      assertNamesOnly(r, (String) c[0]);
      assertThat(r.raw()).as("echoes the note").doesNotContain("police").doesNotContain("nnnn");
    }
    assertProblem(
        http.perform(
            MockMvcRequestBuilders.post(path)
                .contentType(MediaType.TEXT_PLAIN)
                .content("REPORTED_FRAUD"),
            ADMIN),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    verifyNoInteractions(revocations);

    when(revocations.byOperator(any(Caller.Operator.class), eq(ID), eq("REPORTED_FRAUD"), eq(note)))
        .thenReturn(revoked(Revocations.ActorType.OPERATOR, "REPORTED_FRAUD"));
    Http.Response r = http.post(path, body("reasonCode", "REPORTED_FRAUD", "note", note), ADMIN);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.raw()).as("the note is never shown back").doesNotContain("police");
    verify(revocations)
        .byOperator(any(Caller.Operator.class), eq(ID), eq("REPORTED_FRAUD"), eq(note));

    Object[][] refusals = {
      {ProblemCode.NOT_FOUND, 404},
      {ProblemCode.CERTIFICATE_NOT_ACTIVE, 409},
    };
    for (Object[] c : refusals) {
      ProblemCode code = (ProblemCode) c[0];
      when(revocations.byOperator(any(Caller.Operator.class), anyString(), anyString(), any()))
          .thenThrow(refusal(code));
      assertProblem(
          http.post(path, body("reasonCode", "REPORTED_FRAUD"), ADMIN), (int) c[1], code.name());
    }
  }

  /** A 400 {@code VALIDATION_FAILED} whose errors all name this field (one or more rules). */
  private static void assertNamesOnly(Http.Response r, String field) {
    assertValidation(r, "VALIDATION_FAILED")
        .path("errors")
        .forEach(e -> assertThat(e.path("field").asText()).as("%s", r).isEqualTo(field));
  }

  private static ApiException locked() {
    return new ApiException(
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.FACE_CHECKS_LOCKED.messageEn(),
        Map.of(ApiException.RETRY_AFTER_SECONDS, 600L));
  }

  private static void assertLocked(Http.Response r) {
    assertProblem(r, 429, "FACE_CHECKS_LOCKED");
    assertThat(r.servletResponse().getHeader("Retry-After")).isEqualTo("600");
  }
}
