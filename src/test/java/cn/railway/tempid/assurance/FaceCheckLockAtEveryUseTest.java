package cn.railway.tempid.assurance;

import static cn.railway.tempid.assurance.IdentityAssuranceApiTest.SOMEONE_ELSES_FACE;
import static cn.railway.tempid.assurance.IdentityAssuranceApiTest.assertLocked;
import static cn.railway.tempid.assurance.IdentityAssuranceApiTest.withoutInstance;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The face-check lock holds at every use of a face check, not only when one starts (API.md
 * "Identity assurance"): while a person is locked, a new application for them (as applicant or as a
 * child's guardian), and the use of anything opened before the lock (a lookup's result, a
 * re-verification for a view session or a revocation, a view session's QR frames, an application's
 * or a guardian's check) answer {@code 429 FACE_CHECKS_LOCKED} with {@code Retry-After}, or never
 * lead to a certificate. Each test is an attack that worked before: the attacker fails three face
 * checks of the person (the configured {@code max-failures}) with someone else's live face and then
 * uses what they opened earlier.
 */
@ApplicationTest
class FaceCheckLockAtEveryUseTest {
  @Autowired Http http;
  @Autowired Jobs jobs;
  @Autowired Accounts accounts;
  @Autowired AdjustableClock clock;

  record Holder(
      String name, String idNumber, String applicationId, String certificateId, String[] auth) {}

  /** A guest who applied with their own face and holds a certificate. */
  Holder guestHolder(String name) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    inRegistry(name, idNumber);
    Http.Response submitted = submitAsGuest(name, idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String[] auth = {"X-Applicant-Token", submitted.text("applicantToken")};
    capture(livenessOf(submitted), "PASS", null);
    jobs.runDue(id);
    Http.Response app = http.get("/api/v1/applications/" + id, auth);
    assertThat(app.text("status")).as("%s", app).isEqualTo("ISSUED");
    return new Holder(name, idNumber, id, app.text("certificateId"), auth);
  }

  void inRegistry(String name, String idNumber) throws Exception {
    Http.Response r =
        http.post(
            "/api/v1/demo/registry/persons",
            Map.of("name", name, "idNumber", idNumber, "flags", List.of()));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
  }

  Http.Response submitAsGuest(String name, String idNumber) throws Exception {
    return http.post("/api/v1/applications", Passengers.guestApplication(name, idNumber));
  }

  static String livenessOf(Http.Response submitted) {
    return submitted.body().path("liveness").path("sessionId").asText();
  }

  /** The simulated provider finishes a capture and calls back: always 204, locked or not. */
  void capture(String sessionId, String outcome, Double faceMatchScore) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("outcome", outcome);
    body.put("faceMatchScore", faceMatchScore);
    Http.Response r = http.post("/api/v1/demo/liveness/" + sessionId, body);
    assertThat(r.status()).as("%s", r).isEqualTo(204);
  }

  Http.Response lookup(String name, String idNumber) throws Exception {
    return http.post(
        "/api/v1/certificates/lookup",
        Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", idNumber));
  }

  String lookupSession(String name, String idNumber) throws Exception {
    Http.Response r = lookup(name, idNumber);
    assertThat(r.status()).as("%s", r).isEqualTo(202);
    return r.text("livenessSessionId");
  }

  /** Three lookups failed with someone else's live face: the person's face checks are locked. */
  void lock(String idNumber) throws Exception {
    for (int i = 0; i < 3; i++) {
      capture(lookupSession("欧阳锋", idNumber), "PASS", SOMEONE_ELSES_FACE);
    }
    assertLocked(lookup("欧阳锋", idNumber));
  }

  String reverification(Holder h) throws Exception {
    Http.Response r =
        http.post(
            "/api/v1/certificates/" + h.certificateId() + "/reverifications", Map.of(), h.auth());
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.text("sessionId");
  }

  Http.Response openViewSession(Holder h, String livenessSessionId) throws Exception {
    return http.post(
        "/api/v1/certificates/" + h.certificateId() + "/view-sessions",
        Map.of("livenessSessionId", livenessSessionId),
        h.auth());
  }

  Http.Response qr(Holder h, String viewSessionToken) throws Exception {
    return http.get(
        "/api/v1/certificates/" + h.certificateId() + "/qr", "X-View-Session", viewSessionToken);
  }

  String certificateStatus(Holder h) throws Exception {
    return http.get("/api/v1/certificates/" + h.certificateId(), h.auth()).text("status");
  }

  /** Lets the lock run out (its Retry-After, plus a second). */
  void waitOut(long retryAfterSeconds) {
    clock.advance(Duration.ofSeconds(retryAfterSeconds + 1));
  }

  @Test
  void aLockedGuestSubmitsANewApplication_is429_nothingStored_noQuotaReserved() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    inRegistry("钱一", idNumber);
    lock(idNumber);

    Http.Response refused = submitAsGuest("钱一", idNumber);
    long retryAfter = assertLocked(refused);
    assertThat(refused.raw()).doesNotContain(idNumber, "applicationId", "applicantToken");

    // once the lock ran out: no application of the refused request is in flight, no quota used
    waitOut(retryAfter);
    Http.Response later = submitAsGuest("钱一", idNumber);
    assertThat(later.status()).as("%s", later).isEqualTo(201);
    assertThat(later.body().path("quota").path("used").asInt()).isEqualTo(1);
    capture(livenessOf(later), "PASS", null);
    jobs.runDue(later.text("applicationId"));
    assertThat(
            http.get(
                    "/api/v1/applications/" + later.text("applicationId"),
                    "X-Applicant-Token",
                    later.text("applicantToken"))
                .text("status"))
        .isEqualTo("ISSUED");
  }

  @Test
  void aLockedRegisteredPassengerSubmitsANewApplication_is429() throws Exception {
    Accounts.Passenger p = accounts.registered("孙二");
    lock(p.idNumber());

    Http.Response refused =
        http.post(
            "/api/v1/applications",
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
            p.bearer());
    long retryAfter = assertLocked(refused);
    assertThat(http.get("/api/v1/me/applications", p.bearer()).raw())
        .as("nothing stored in the passenger's history")
        .doesNotContain("AWAITING_LIVENESS");

    waitOut(retryAfter);
    Http.Response later =
        http.post(
            "/api/v1/applications",
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
            p.bearer());
    assertThat(later.status()).as("%s", later).isEqualTo(201);
    assertThat(later.body().path("quota").path("used").asInt()).isEqualTo(1);
  }

  @Test
  void aLockedGuardianIsNamedForAChild_is429() throws Exception {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("110105", today.minusYears(8));
    inRegistry("小李", child);
    String guardian = TestIdentities.randomIdNumber();
    lock(guardian);

    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("小李", child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    consents.put("guardian", true);
    body.put("consents", consents);
    body.put("guardian", Map.of("name", "李大", "idType", "RESIDENT_ID_CARD", "idNumber", guardian));
    Http.Response refused = http.post("/api/v1/applications", body);
    assertLocked(refused);
    assertThat(refused.raw()).doesNotContain(guardian, child, "applicationId");
  }

  @Test
  void anApplicationOpenedBeforeTheLock_passesDuringIt_isNeverIssued() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    inRegistry("周三", idNumber);
    Http.Response submitted = submitAsGuest("周三", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String[] auth = {"X-Applicant-Token", submitted.text("applicantToken")};
    lock(idNumber);

    // the provider's callback still works; the PASS of a locked person is a failed attempt
    capture(livenessOf(submitted), "PASS", null);
    jobs.runDue(id);
    JsonNode app = http.get("/api/v1/applications/" + id, auth).body();
    assertThat(app.path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(app.path("liveness").path("status").asText()).isEqualTo("FAILED");
    assertThat(app.path("certificateId").isNull()).isTrue();

    // and no new attempt while locked (this check already held when an attempt starts)
    assertLocked(http.post("/api/v1/applications/" + id + "/liveness-sessions", Map.of(), auth));
  }

  @Test
  void aGuardiansCheckPassedBeforeTheLock_isNotUsedDuringIt() throws Exception {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("110105", today.minusYears(7));
    inRegistry("小周", child);
    String guardian = TestIdentities.randomIdNumber();
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("小周", child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    consents.put("guardian", true);
    body.put("consents", consents);
    body.put("guardian", Map.of("name", "周大", "idType", "RESIDENT_ID_CARD", "idNumber", guardian));
    Http.Response submitted = http.post("/api/v1/applications", body);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");

    capture(submitted.body().path("guardianLiveness").path("sessionId").asText(), "PASS", null);
    jobs.runDue(id);
    lock(guardian);
    capture(livenessOf(submitted), "PASS", null);
    jobs.runDue(id);

    JsonNode app =
        http.get(
                "/api/v1/applications/" + id, "X-Applicant-Token", submitted.text("applicantToken"))
            .body();
    assertThat(app.path("status").asText()).as("%s", app).isEqualTo("FAILED");
    assertThat(app.path("reasonCode").asText()).isEqualTo("GUARDIAN_LIVENESS_FAILED");
    assertThat(app.path("certificateId").isNull()).isTrue();
  }

  @Test
  void sixLookupsOpened_fiveFailed_theSixthPassed_isLocked_whetherOrNotACertificateExists()
      throws Exception {
    Holder h = guestHolder("吴四");
    String nobody = TestIdentities.randomIdNumber();
    List<Http.Response> answers = new ArrayList<>();
    for (String idNumber : List.of(h.idNumber(), nobody)) {
      List<String> sessions = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        sessions.add(lookupSession(h.name(), idNumber));
      }
      // one passes before the failures, one after them
      capture(sessions.get(0), "PASS", null);
      for (int i = 1; i < 6; i++) {
        capture(sessions.get(i), "PASS", SOMEONE_ELSES_FACE);
      }
      capture(sessions.get(6), "PASS", null);

      Http.Response passedBefore = http.get("/api/v1/liveness/" + sessions.get(0) + "/certificate");
      assertLocked(passedBefore);
      Http.Response passedDuring = http.get("/api/v1/liveness/" + sessions.get(6) + "/certificate");
      assertLocked(passedDuring);
      assertThat(passedDuring.raw()).doesNotContain(h.certificateId(), "applicantToken");
      answers.add(passedDuring);
    }
    // the lock reveals nothing: the holder's and the unknown person's answers are alike
    assertThat(withoutInstance(answers.get(0).body()))
        .isEqualTo(withoutInstance(answers.get(1).body()));
  }

  @Test
  void aReverificationPassedBeforeTheLock_opensNoViewSessionDuringIt() throws Exception {
    Holder h = guestHolder("郑五");
    String passed = reverification(h);
    capture(passed, "PASS", null);
    lock(h.idNumber());

    assertLocked(openViewSession(h, passed));
  }

  @Test
  void aRevocationWithACheckPassedBeforeTheLock_is429_andTheCertificateStaysActive()
      throws Exception {
    Holder h = guestHolder("王六");
    String passed = reverification(h);
    capture(passed, "PASS", null);
    lock(h.idNumber());

    assertLocked(
        http.post(
            "/api/v1/certificates/" + h.certificateId() + "/revocation",
            Map.of("livenessSessionId", passed, "reason", "OTHER"),
            h.auth()));
    assertThat(certificateStatus(h)).isEqualTo("ACTIVE");
  }

  @Test
  void aViewSessionOpenedBeforeTheLock_showsNoQrFrameDuringIt() throws Exception {
    Holder h = guestHolder("冯七");
    String passed = reverification(h);
    capture(passed, "PASS", null);
    Http.Response opened = openViewSession(h, passed);
    assertThat(opened.status()).as("%s", opened).isEqualTo(201);
    String view = opened.text("viewSessionToken");
    assertThat(qr(h, view).status()).isEqualTo(200);

    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String session = lookupSession(h.name(), h.idNumber());
      capture(session, "PASS", SOMEONE_ELSES_FACE);
      failed.add(session);
    }
    Http.Response locked = qr(h, view);
    assertLocked(locked);
    assertThat(locked.raw()).doesNotContain("token");

    // an operator lifts the lock: the view session, still within its 30 minutes, works again
    String event =
        StreamSupport.stream(
                http.get(
                        "/api/v1/operator/face-check-events?limit=500",
                        "Authorization",
                        Http.DEMO_OPERATOR)
                    .body()
                    .path("items")
                    .spliterator(),
                false)
            .filter(e -> failed.get(2).equals(e.path("livenessSessionId").asText()))
            .findFirst()
            .orElseThrow()
            .path("eventId")
            .asText();
    assertThat(
            http.post(
                    "/api/v1/operator/face-check-events/" + event + "/lift-lock",
                    Map.of(),
                    "Authorization",
                    Http.DEMO_OPERATOR)
                .status())
        .isEqualTo(200);
    assertThat(qr(h, view).status()).isEqualTo(200);
  }

  @Test
  void aViewSessionOfSomeoneElse_isNotAffectedByAnotherPersonsLock() throws Exception {
    Holder h = guestHolder("陈八");
    String passed = reverification(h);
    capture(passed, "PASS", null);
    String view = openViewSession(h, passed).text("viewSessionToken");
    lock(TestIdentities.randomIdNumber());
    assertThat(qr(h, view).status()).isEqualTo(200);
    // an unknown view session (401 REVERIFICATION_REQUIRED): qr.QrRequestContractTest
  }
}
