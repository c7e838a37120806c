package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.QuotaTable;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refusals of the pre-check sub-process: each is answered 422 with its code at submission,
 * recorded as a REJECTED application and ends the process at its own end event.
 */
class PreCheckRefusalProcessTest extends ProcessTestSupport {
  static final Map<String, Object> TOKYO =
      Map.of("latitude", 35.6762, "longitude", 139.6503, "accuracyMeters", 20);
  static final Map<String, Object> HONG_KONG =
      Map.of("latitude", 22.2819, "longitude", 114.1582, "accuracyMeters", 20);

  @Test
  void shouldRefuseWithLocationRequired_whenNoLocationIsGiven() throws Exception {
    Map<String, Object> body = body("张三", "RESIDENT_ID_CARD", TestIdentities.randomIdNumber());
    body.remove("location");

    Passengers.Answer refused = submit(body);

    String id = assertRefused(refused, "LOCATION_REQUIRED", null);
    assertThat(refused.text("messageZh")).contains("重新定位");
    assertEndedAt(id, "EndEvent_RefusedLocationRequired");
    assertThat(passedActivities(id))
        .contains("Task_CheckServiceArea", "BoundaryEvent_LocationRequired")
        .doesNotContain("Task_CheckEligibility", "Task_ReserveQuota", "Task_StartLivenessSession");
  }

  @Test
  void shouldRefuseWithOutsideServiceArea_whenLocatedInTokyo() throws Exception {
    Map<String, Object> body = body("张三", "RESIDENT_ID_CARD", TestIdentities.randomIdNumber());
    body.put("location", TOKYO);

    String id = assertRefused(submit(body), "OUTSIDE_SERVICE_AREA", STATION_POLICE_WINDOW);

    assertEndedAt(id, "EndEvent_RefusedOutsideServiceArea");
    assertThat(passedActivities(id))
        .contains("BoundaryEvent_OutsideServiceArea")
        .doesNotContain("Task_CheckEligibility", "Task_StartLivenessSession");
  }

  @Test
  void shouldRefuseWithOutsideServiceArea_whenLocatedInHongKong() throws Exception {
    Map<String, Object> body = body("张三", "RESIDENT_ID_CARD", TestIdentities.randomIdNumber());
    body.put("location", HONG_KONG);

    String id = assertRefused(submit(body), "OUTSIDE_SERVICE_AREA", STATION_POLICE_WINDOW);

    assertEndedAt(id, "EndEvent_RefusedOutsideServiceArea");
  }

  @Test
  void shouldRefuseWithIdTypeNotSupported_whenApplyingWithPassport() throws Exception {
    String id =
        assertRefused(
            submit(body("张三", "PASSPORT", "E12345678")),
            "ID_TYPE_NOT_SUPPORTED",
            STATION_POLICE_WINDOW);

    assertEndedAt(id, "EndEvent_RefusedIdTypeNotSupported");
    assertThat(passedActivities(id))
        .contains(
            "Task_CheckServiceArea", "Task_CheckEligibility", "BoundaryEvent_IdTypeNotSupported")
        .doesNotContain("Task_ReserveQuota");
  }

  @Test
  void shouldRefuseWithIdTypeNotSupported_whenNumberIsHongKongMacauTaiwanResidencePermit()
      throws Exception {
    String permit = TestIdentities.idNumber("810000", LocalDate.of(1990, 5, 17));

    Passengers.Answer refused = submit(body("张三", "RESIDENT_ID_CARD", permit));

    String id = assertRefused(refused, "ID_TYPE_NOT_SUPPORTED", STATION_POLICE_WINDOW);
    assertEndedAt(id, "EndEvent_RefusedIdTypeNotSupported");
  }

  @Test
  void shouldRefuseWithActiveCertificateExists_whenApplyingAgainRightAfterIssue() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("刘一", idNumber);
    Journey first = issuedCertificate("刘一", idNumber);

    Passengers.Answer again = passengers.submitAsGuest("刘一", idNumber);

    String id = assertRefused(again, "ACTIVE_CERTIFICATE_EXISTS", null);
    Instant renewalOpensAt = Instant.parse(again.text("renewalOpensAt"));
    assertThat(renewalOpensAt)
        .isAfter(clock.instant().plus(Duration.ofHours(20)))
        .isBefore(clock.instant().plus(Duration.ofHours(21).plusMinutes(1)));
    assertEndedAt(id, "EndEvent_RefusedActiveCertificateExists");
    assertThat(passedActivities(id))
        .contains("Task_ReserveQuota", "BoundaryEvent_ActiveCertificateExists")
        .doesNotContain("Task_StartLivenessSession");
    assertThat(view(first).path("quota").path("used").asInt())
        .as("a refusal reserves no quota")
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseOneApplicationMoreThanTheMonthlyLimit_withQuotaExceededAndGuidance()
      throws Exception {
    int limit = QuotaTable.monthlyLimit();
    ensureSameMonthFor(INTO_RENEWAL_WINDOW.multipliedBy(limit + 1).plusDays(1));
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("杨二", idNumber);

    for (int i = 1; i <= limit; i++) {
      JsonNode issued = view(issuedCertificate("杨二", idNumber));
      assertThat(issued.path("quota").path("used").asInt()).isEqualTo(i);
      assertThat(issued.path("quota").path("limit").asInt()).isEqualTo(limit);
      clock.advance(INTO_RENEWAL_WINDOW);
    }

    Passengers.Answer oneMore = passengers.submitAsGuest("杨二", idNumber);

    String id = assertRefused(oneMore, "QUOTA_EXCEEDED", STATION_POLICE_WINDOW);
    assertThat(oneMore.text("messageZh")).contains("车站公安制证窗口");
    assertThat(oneMore.body().path("quota").path("used").asInt()).isEqualTo(limit);
    assertThat(oneMore.body().path("quota").path("limit").asInt()).isEqualTo(limit);
    assertEndedAt(id, "EndEvent_RefusedQuotaExceeded");
    assertThat(passedActivities(id))
        .contains("BoundaryEvent_QuotaExceeded")
        .doesNotContain("Task_StartLivenessSession");
  }

  @Test
  void shouldShowRefusalAsRejected_inRegisteredPassengersHistory() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String username = "refused" + idNumber.substring(10, 17);
    Passengers.Answer user =
        passengers.postJson(
            "/api/v1/demo/users",
            Map.of(
                "username",
                username,
                "password",
                "secret-pass-1",
                "name",
                "何三",
                "idNumber",
                idNumber));
    assertThat(user.status()).isEqualTo(201);
    String token =
        passengers
            .postJson(
                "/api/v1/auth/login", Map.of("username", username, "password", "secret-pass-1"))
            .text("accessToken");
    Map<String, Object> body = new HashMap<>();
    body.put("location", TOKYO);
    body.put("consents", Passengers.ALL_CONSENTS);

    Passengers.Answer refused =
        passengers.postJson("/api/v1/applications", body, "Authorization", "Bearer " + token);

    String id = assertRefused(refused, "OUTSIDE_SERVICE_AREA", STATION_POLICE_WINDOW);
    JsonNode items =
        passengers
            .get("/api/v1/me/applications", "Authorization", "Bearer " + token)
            .body()
            .path("items");
    assertThat(items.size()).isEqualTo(1);
    assertThat(items.get(0).path("applicationId").asText()).isEqualTo(id);
    assertThat(items.get(0).path("status").asText()).isEqualTo("REJECTED");
    assertThat(items.get(0).path("reasonCode").asText()).isEqualTo("OUTSIDE_SERVICE_AREA");
    assertThat(items.get(0).path("guidance").asText()).isEqualTo(STATION_POLICE_WINDOW);
    assertThat(items.get(0).path("quota").path("used").asInt()).isZero();
  }

  private static Map<String, Object> body(String name, String idType, String idNumber) {
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication(name, idNumber));
    body.put("idType", idType);
    return body;
  }

  private Passengers.Answer submit(Map<String, Object> body) throws Exception {
    return passengers.postJson("/api/v1/applications", body);
  }

  /** 422 with the code (and guidance), recorded as REJECTED; returns the application id. */
  private String assertRefused(Passengers.Answer answer, String code, String guidance) {
    assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(422);
    assertThat(answer.text("code")).isEqualTo(code);
    assertThat(answer.text("messageZh")).isNotBlank();
    assertThat(answer.text("messageEn")).isNotBlank();
    if (code.equals("ID_TYPE_NOT_SUPPORTED")) {
      assertThat(answer.text("messageZh")).contains("该证件无法申请临时乘车身份证明");
    }
    assertThat(answer.text("guidance")).isEqualTo(guidance);
    assertThat(answer.text("applicantToken")).isNull();
    String id = answer.text("applicationId");
    assertThat(id).as("a refusal is recorded as an application").isNotBlank();
    Map<String, Object> stored = storedApplication(id);
    assertThat(stored.get("status")).isEqualTo("REJECTED");
    assertThat(stored.get("reason_code")).isEqualTo(code);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count())
        .as("no process left running for a refusal")
        .isZero();
    assertThat(List.of(historicInstance(id).getBusinessKey())).containsExactly(id);
    return id;
  }
}
