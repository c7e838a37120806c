package cn.railway.tempid.application;

import static cn.railway.tempid.support.Http.assertNoGuidance;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertStationPoliceWindow;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.QuotaTable;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** API.md "Applications": POST /applications outcomes, GET /applications/{id}, new attempts. */
@ApplicationTest
class ApplicationApiTest {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final Map<String, Object> TOKYO =
      Map.of("latitude", 35.6762, "longitude", 139.6503);

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Accounts accounts;
  @Autowired AdjustableClock clock;

  // --- 201 -------------------------------------------------------------------------------------

  @Test
  void guest_201_withApplicantTokenAndLivenessSession() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();

    Http.Response r =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.servletResponse().getHeader("Location"))
        .isEqualTo("/api/v1/applications/" + r.text("applicationId"));
    assertThat(r.text("status")).isEqualTo("AWAITING_LIVENESS");
    assertThat(r.text("applicantToken")).isNotBlank();
    assertThat(r.body().path("liveness").path("sessionId").asText()).isNotBlank();
    assertThat(Instant.parse(r.body().path("liveness").path("expiresAt").asText()))
        .isAfter(clock.instant());
    assertThat(r.body().path("liveness").path("status").asText()).isEqualTo("PENDING");
    assertThat(r.text("city")).isEqualTo("北京市");
    assertThat(r.text("maskedName")).isEqualTo("张*");
    assertThat(r.text("maskedIdNumber"))
        .isEqualTo(idNumber.substring(0, 4) + "**********" + idNumber.substring(14));
    assertThat(r.raw()).doesNotContain(idNumber).doesNotContain("张三");
  }

  @Test
  void registeredUser_mayOmitIdentity_R2() throws Exception {
    Accounts.Passenger p = accounts.registered("陈一");

    Http.Response r =
        http.post(
            "/api/v1/applications",
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
            p.bearer());

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("status")).isEqualTo("AWAITING_LIVENESS");
    assertThat(r.text("maskedName")).isEqualTo("陈*");
    assertThat(r.text("maskedIdNumber"))
        .startsWith(p.idNumber().substring(0, 4))
        .endsWith(p.idNumber().substring(14));
    assertThat(r.body().has("applicantToken")).isFalse();
    assertThat(http.get("/api/v1/applications/" + r.text("applicationId"), p.bearer()).status())
        .isEqualTo(200);
  }

  @Test
  void registeredUser_mayRepeatOwnIdentity() throws Exception {
    Accounts.Passenger p = accounts.registered("陈二");
    Http.Response r =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("陈二", p.idNumber().toLowerCase()),
            p.bearer());
    assertThat(r.status()).isEqualTo(201);
  }

  @Test
  void registeredUser_withAnotherIdNumber_422IdentityMismatch() throws Exception {
    Accounts.Passenger p = accounts.registered("陈三");
    String other = TestIdentities.randomIdNumber();

    Http.Response r =
        http.post("/api/v1/applications", Passengers.guestApplication("陈三", other), p.bearer());

    JsonNode problem = assertProblem(r, 422, "IDENTITY_MISMATCH");
    assertNoGuidance(problem);
    assertThat(r.raw()).doesNotContain(other).doesNotContain(p.idNumber()).doesNotContain("陈三");
    // recorded like every business refusal, and in the passenger's history
    String applicationId = problem.path("applicationId").asText();
    assertThat(applicationId).isNotBlank();
    Http.Response recorded = http.get("/api/v1/applications/" + applicationId, p.bearer());
    assertThat(recorded.status()).isEqualTo(200);
    assertThat(recorded.text("status")).isEqualTo("REJECTED");
    assertThat(recorded.text("reasonCode")).isEqualTo("IDENTITY_MISMATCH");
    assertThat(recorded.body().path("decidedAt").asText()).isNotBlank();
    assertThat(recorded.raw()).doesNotContain(other);
    assertThat(
            http.get("/api/v1/me/applications", p.bearer())
                .body()
                .path("items")
                .get(0)
                .path("applicationId")
                .asText())
        .isEqualTo(applicationId);
    // not in flight: the passenger may apply with the account's identity at once
    assertThat(
            http.post(
                    "/api/v1/applications",
                    Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
                    p.bearer())
                .status())
        .isEqualTo(201);
  }

  @Test
  void rareCharacterNames_areAcceptedAndMaskedByCodePoint() throws Exception {
    Http.Response yoshi =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("𠮷野家", TestIdentities.randomIdNumber()));
    assertThat(yoshi.status()).as("%s", yoshi).isEqualTo(201);
    assertThat(yoshi.text("maskedName")).isEqualTo("𠮷**");

    Http.Response uyghur =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("阿依古丽·买买提", TestIdentities.randomIdNumber()));
    assertThat(uyghur.status()).as("%s", uyghur).isEqualTo(201);
    assertThat(uyghur.text("maskedName")).isEqualTo("阿*******");
    assertThat(uyghur.raw()).doesNotContain("阿依古丽").doesNotContain("买买提");
  }

  // --- 422 business refusals -------------------------------------------------------------------

  @Test
  void aConsentFalse_422ConsentRequired() throws Exception {
    Map<String, Object> body =
        new HashMap<>(Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
    body.put("consents", Map.of("identity", true, "biometric", false, "location", true));
    JsonNode problem =
        assertProblem(http.post("/api/v1/applications", body), 422, "CONSENT_REQUIRED");
    assertNoGuidance(problem);
    assertThat(problem.path("applicationId").asText()).isNotBlank();

    body.put("consents", Map.of("identity", true, "location", true));
    assertProblem(http.post("/api/v1/applications", body), 422, "CONSENT_REQUIRED");
  }

  @Test
  void registeredUser_withoutConsent_422ConsentRequired_inTheirHistory() throws Exception {
    Accounts.Passenger p = accounts.registered("陈四");

    Http.Response r =
        http.post(
            "/api/v1/applications",
            Map.of(
                "location",
                Passengers.BEIJING,
                "consents",
                Map.of("identity", true, "biometric", true, "location", false)),
            p.bearer());

    String applicationId = assertProblem(r, 422, "CONSENT_REQUIRED").path("applicationId").asText();
    JsonNode history = http.get("/api/v1/me/applications", p.bearer()).body().path("items");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("applicationId").asText()).isEqualTo(applicationId);
    assertThat(history.get(0).path("status").asText()).isEqualTo("REJECTED");
    assertThat(history.get(0).path("reasonCode").asText()).isEqualTo("CONSENT_REQUIRED");
    assertThat(history.get(0).path("messageZh").asText()).isNotBlank();
    // no location was processed: no city, and nothing was reserved
    assertThat(history.get(0).path("city").isNull()).isTrue();
    assertThat(history.get(0).path("quota").path("used").asInt()).isZero();
  }

  @Test
  void consentsMissing_422ConsentRequired() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("张三", idNumber));
    body.remove("consents");
    Http.Response r = http.post("/api/v1/applications", body);
    assertProblem(r, 422, "CONSENT_REQUIRED");
    assertThat(r.raw()).doesNotContain(idNumber).doesNotContain("张三");
  }

  @Test
  void noLocation_422LocationRequired_recordedAsRejected() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("张三", idNumber));
    body.remove("location");

    Http.Response r = http.post("/api/v1/applications", body);

    JsonNode problem = assertProblem(r, 422, "LOCATION_REQUIRED");
    assertThat(problem.path("messageZh").asText()).contains("重新定位");
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertThat(r.raw()).doesNotContain(idNumber).doesNotContain("张三");
    // the person may retry at once: a refusal is not in flight
    assertThat(
            http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber)).status())
        .isEqualTo(201);
  }

  @Test
  void tokyo_422OutsideServiceArea() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("张三", idNumber));
    body.put("location", TOKYO);

    Http.Response r = http.post("/api/v1/applications", body);

    JsonNode problem = assertProblem(r, 422, "OUTSIDE_SERVICE_AREA");
    assertStationPoliceWindow(problem);
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertThat(r.raw()).doesNotContain(idNumber).doesNotContain("张三");
  }

  @Test
  void passport_422IdTypeNotSupported_R4() throws Exception {
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("张三", "E12345678"));
    body.put("idType", "PASSPORT");

    Http.Response r = http.post("/api/v1/applications", body);

    JsonNode problem = assertProblem(r, 422, "ID_TYPE_NOT_SUPPORTED");
    assertThat(problem.path("messageZh").asText()).contains("该证件无法申请临时乘车身份证明");
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertStationPoliceWindow(problem);
    assertThat(r.raw()).doesNotContain("E12345678").doesNotContain("张三");
  }

  @Test
  void hongKongResidencePermitNumber_422IdTypeNotSupported_R4() throws Exception {
    String permit = TestIdentities.idNumber("810000", LocalDate.of(1990, 5, 17));

    Http.Response r = http.post("/api/v1/applications", Passengers.guestApplication("张三", permit));

    JsonNode problem = assertProblem(r, 422, "ID_TYPE_NOT_SUPPORTED");
    assertThat(problem.path("messageZh").asText()).contains("该证件无法申请临时乘车身份证明");
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertThat(r.raw()).doesNotContain(permit);
  }

  @Test
  void secondSubmissionWhileAwaitingLiveness_409ApplicationInProgress() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    assertThat(passengers.submitAsGuest("张三", idNumber).status()).isEqualTo(201);

    Http.Response second =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));

    assertProblem(second, 409, "APPLICATION_IN_PROGRESS");
    assertThat(second.raw()).doesNotContain(idNumber);
  }

  @Test
  void activeCertificate_422WithRenewalOpensAt_R17() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Instant issuedAround = clock.instant();
    issue("张三", idNumber);

    Http.Response r =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));

    JsonNode problem = assertProblem(r, 422, "ACTIVE_CERTIFICATE_EXISTS");
    Instant renewalOpensAt = Instant.parse(problem.path("renewalOpensAt").asText());
    assertThat(renewalOpensAt)
        .isBetween(
            issuedAround.plus(Duration.ofHours(21)), clock.instant().plus(Duration.ofHours(21)));
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertThat(r.raw()).doesNotContain(idNumber);
  }

  /** R8 with R17: the month's certificates (each renewed in its window), then refused. */
  @Test
  void oneCertificateMoreThanTheMonthlyLimit_422QuotaExceeded_R8() throws Exception {
    int limit = QuotaTable.monthlyLimit();
    Instant now = clock.instant();
    Duration span = Duration.ofHours(21).plusMinutes(1).multipliedBy(limit).plusHours(3);
    if (!YearMonth.from(now.atZone(CHINA)).equals(YearMonth.from(now.plus(span).atZone(CHINA)))) {
      clock.set(
          YearMonth.from(now.atZone(CHINA))
              .plusMonths(1)
              .atDay(1)
              .atTime(1, 0)
              .atZone(CHINA)
              .toInstant());
    }
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    for (int i = 1; i <= limit; i++) {
      JsonNode issued = issue("张三", idNumber);
      assertThat(issued.path("quota").path("used").asInt()).isEqualTo(i);
      clock.advance(Duration.ofHours(21).plusMinutes(1));
    }

    Http.Response r =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));

    JsonNode problem = assertProblem(r, 422, "QUOTA_EXCEEDED");
    assertStationPoliceWindow(problem);
    assertThat(problem.path("applicationId").asText()).isNotBlank();
    assertThat(problem.path("quota").path("used").asInt()).isEqualTo(limit);
    assertThat(problem.path("quota").path("limit").asInt()).isEqualTo(limit);
    assertThat(r.raw()).doesNotContain(idNumber);
  }

  // --- GET /applications/{id} ------------------------------------------------------------------

  @Test
  void getApplication_ownerOnly() throws Exception {
    Http.Response mine =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
    Http.Response theirs =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("李四", TestIdentities.randomIdNumber()));
    String id = mine.text("applicationId");
    String token = mine.text("applicantToken");

    Http.Response owner = http.get("/api/v1/applications/" + id, "X-Applicant-Token", token);
    assertThat(owner.status()).isEqualTo(200);
    assertThat(owner.text("applicationId")).isEqualTo(id);
    assertThat(owner.text("status")).isEqualTo("AWAITING_LIVENESS");
    assertThat(owner.body().path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);
    assertThat(owner.body().path("quota").path("limit").asInt())
        .isEqualTo(QuotaTable.monthlyLimit());
    assertThat(owner.body().has("applicantToken")).isFalse();

    assertProblem(
        http.get("/api/v1/applications/" + id, "X-Applicant-Token", theirs.text("applicantToken")),
        404,
        "NOT_FOUND");
    assertProblem(http.get("/api/v1/applications/" + id), 401, "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/applications/" + id, "X-Applicant-Token", "forged"),
        401,
        "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/applications/does-not-exist", "X-Applicant-Token", token),
        404,
        "NOT_FOUND");
    assertProblem(
        http.get("/api/v1/applications/" + "a".repeat(200), "X-Applicant-Token", token),
        404,
        "NOT_FOUND");
  }

  @Test
  void getApplication_registeredUserSeesOnlyOwn() throws Exception {
    Accounts.Passenger p = accounts.registered("陈四");
    Http.Response guests =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("李四", TestIdentities.randomIdNumber()));
    assertProblem(
        http.get("/api/v1/applications/" + guests.text("applicationId"), p.bearer()),
        404,
        "NOT_FOUND");
  }

  // --- POST /applications/{id}/liveness-sessions -----------------------------------------------

  @Test
  void newLivenessAttempts_inProgress_afterFail_noAttemptsLeft() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String path = "/api/v1/applications/" + id + "/liveness-sessions";
    String session = submitted.body().path("liveness").path("sessionId").asText();

    assertNoGuidance(
        assertProblem(
            http.post(path, null, "X-Applicant-Token", token), 409, "LIVENESS_IN_PROGRESS"));
    assertProblem(http.post(path, null), 401, "UNAUTHENTICATED");
    Http.Response other =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("李四", TestIdentities.randomIdNumber()));
    assertProblem(
        http.post(path, null, "X-Applicant-Token", other.text("applicantToken")), 404, "NOT_FOUND");

    for (int attemptsLeft = 1; attemptsLeft >= 0; attemptsLeft--) {
      passengers.completeLiveness(id, session, "FAIL", null, null);
      Http.Response retry = http.post(path, null, "X-Applicant-Token", token);
      assertThat(retry.status()).as("%s", retry).isEqualTo(201);
      assertThat(retry.text("sessionId")).isNotBlank().isNotEqualTo(session);
      assertThat(Instant.parse(retry.text("expiresAt"))).isAfter(clock.instant());
      assertThat(retry.body().path("attemptsLeft").asInt()).isEqualTo(attemptsLeft);
      session = retry.text("sessionId");
      // While an attempt is still pending it may pass: the passenger is never sent to the
      // police window yet, not even during the last attempt.
      assertNoGuidance(
          assertProblem(
              http.post(path, null, "X-Applicant-Token", token), 409, "LIVENESS_IN_PROGRESS"));
    }
    passengers.completeLiveness(id, session, "FAIL", null, null);

    JsonNode noneLeft =
        assertProblem(http.post(path, null, "X-Applicant-Token", token), 409, "NO_ATTEMPTS_LEFT");
    assertStationPoliceWindow(noneLeft);
    Http.Response failed = http.get("/api/v1/applications/" + id, "X-Applicant-Token", token);
    assertThat(failed.text("status")).isEqualTo("FAILED");
    assertThat(failed.text("guidance")).isEqualTo("STATION_POLICE_WINDOW");
  }

  /** Submits as a guest, passes liveness and returns the ISSUED application. */
  private JsonNode issue(String name, String idNumber) throws Exception {
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication(name, idNumber));
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    Http.Response polled =
        http.get(
            "/api/v1/applications/" + id, "X-Applicant-Token", submitted.text("applicantToken"));
    assertThat(polled.text("status")).as("%s", polled).isEqualTo("ISSUED");
    return polled.body();
  }
}
