package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Children (API.md "Children", PIPL art. 31): an applicant under 14 on the day of applying needs a
 * guardian's identity and consent, and the guardian's own face check must pass before issue.
 * Applicants from 14 on apply alone (R5). The age rule is the eligibility table's.
 */
@ApplicationTest
class GuardianConsentTest {
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ClockConfiguration.CHINA);
  }

  /** A resident ID number of someone born {@code years} years ago today, plus {@code days}. */
  String bornYearsAgo(int years, int days) {
    return TestIdentities.idNumber("110105", today().minusYears(years).plusDays(days));
  }

  Map<String, Object> application(
      String name, String idNumber, Map<String, Object> guardian, Boolean guardianConsent) {
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication(name, idNumber));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    if (guardianConsent != null) {
      consents.put("guardian", guardianConsent);
    }
    body.put("consents", consents);
    if (guardian != null) {
      body.put("guardian", guardian);
    }
    return body;
  }

  Map<String, Object> guardian(String name, String idNumber) {
    return Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", idNumber);
  }

  Answer submit(Map<String, Object> body) throws Exception {
    return passengers.postJson("/api/v1/applications", body);
  }

  String status(String applicationId) {
    return jdbc.sql(
            "select status || ':' || coalesce(reason_code, '') from application where id = ?")
        .param(applicationId)
        .query(String.class)
        .single();
  }

  long guardianRows(String applicationId) {
    return jdbc.sql("select count(*) from guardian_consent where application_id = ?")
        .param(applicationId)
        .query(Long.class)
        .single();
  }

  /**
   * A child in the registry who applies with a consenting adult guardian, also in the registry (as
   * GuardianRegistryCheckTest shows, a guardian it does not know is refused): the 201 answer.
   */
  Answer childWithGuardian(String childName, String guardianName) throws Exception {
    String child = bornYearsAgo(8, 0);
    passengers.inRegistry(childName, child);
    String guardianId = TestIdentities.randomIdNumber();
    passengers.inRegistry(guardianName, guardianId);
    Answer submitted =
        submit(application(childName, child, guardian(guardianName, guardianId), true));
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
    return submitted;
  }

  ProcessInstance journey(String applicationId) {
    return runtime
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(applicationId)
        .processDefinitionKey(ApplicationJourney.PROCESS_KEY)
        .singleResult();
  }

  @Test
  void aChildWithoutAGuardiansConsent_isRefusedAndRecorded() throws Exception {
    String child = bornYearsAgo(9, 0);
    Answer noGuardian = submit(application("小明", child, null, null));
    assertThat(noGuardian.status()).isEqualTo(422);
    assertThat(noGuardian.text("code")).isEqualTo("GUARDIAN_REQUIRED");
    assertThat(noGuardian.text("messageZh")).contains("监护人");
    assertThat(status(noGuardian.text("applicationId"))).isEqualTo("REJECTED:GUARDIAN_REQUIRED");

    String adult = TestIdentities.randomIdNumber();
    Answer noConsent = submit(application("小明", child, guardian("王大", adult), false));
    assertThat(noConsent.text("code")).isEqualTo("GUARDIAN_REQUIRED");
    assertThat(guardianRows(noConsent.text("applicationId")))
        .as("nothing of the guardian is kept for a refusal")
        .isZero();

    Answer minorGuardian =
        submit(application("小明", child, guardian("王二", bornYearsAgo(17, 0)), true));
    assertThat(minorGuardian.status()).isEqualTo(422);
    assertThat(minorGuardian.text("code")).isEqualTo("GUARDIAN_REQUIRED");
  }

  @Test
  void fourteenOnTheDayOfApplying_appliesAlone_theDayBefore_needsAGuardian() throws Exception {
    String fourteenToday = bornYearsAgo(14, 0);
    passengers.inRegistry("小红", fourteenToday);
    Answer alone = submit(application("小红", fourteenToday, null, null));
    assertThat(alone.status()).as(String.valueOf(alone.body())).isEqualTo(201);
    assertThat(alone.body().has("guardianLiveness")).isFalse();

    Answer thirteen = submit(application("小红", bornYearsAgo(14, 1), null, null));
    assertThat(thirteen.status()).isEqualTo(422);
    assertThat(thirteen.text("code")).isEqualTo("GUARDIAN_REQUIRED");

    String fifteen = bornYearsAgo(15, 0);
    passengers.inRegistry("小刚", fifteen);
    Answer withUnneededGuardian =
        submit(application("小刚", fifteen, guardian("李四", TestIdentities.randomIdNumber()), true));
    assertThat(withUnneededGuardian.status()).isEqualTo(201);
    assertThat(withUnneededGuardian.body().has("guardianLiveness")).isFalse();
    assertThat(guardianRows(withUnneededGuardian.text("applicationId")))
        .as("R5: from 14 on no guardian data is kept")
        .isZero();
  }

  @Test
  void bothFaceChecksMustPass_beforeTheCertificateIsIssued() throws Exception {
    Answer submitted = childWithGuardian("小华", "赵大");
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String guardianSession = submitted.body().path("guardianLiveness").path("sessionId").asText();
    assertThat(guardianSession).isNotBlank();
    assertThat(submitted.body().path("guardianLiveness").path("expiresAt").asText()).isNotBlank();
    assertThat(guardianSession)
        .isNotEqualTo(submitted.body().path("liveness").path("sessionId").asText());
    assertThat(submitted.body().path("guardian").path("maskedName").asText()).isEqualTo("赵*");
    assertThat(submitted.body().path("guardian").path("maskedIdNumber").asText())
        .contains("**********");

    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    Answer waiting = passengers.application(id, token);
    assertThat(waiting.text("status"))
        .as("the child passed, the guardian not yet")
        .isNotEqualTo("ISSUED");
    assertThat(waiting.text("certificateId")).isNull();
    assertThat(journey(id)).isWaitingAt("Gateway_AwaitGuardianLiveness");

    passengers.completeLiveness(id, guardianSession, "PASS", null, null);
    Answer issued = passengers.application(id, token);
    assertThat(issued.text("status")).isEqualTo("ISSUED");
    assertThat(issued.body().path("guardianLiveness").path("status").asText()).isEqualTo("PASSED");
    assertThat(issued.text("certificateId")).isNotBlank();
    assertThat(
            jdbc.sql(
                    "select count(*) from consent_record where application_id = ?"
                        + " and kind = 'GUARDIAN' and granted")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void theGuardiansCheckMayComeFirst() throws Exception {
    Answer submitted = childWithGuardian("小丽", "钱大");
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id,
        submitted.body().path("guardianLiveness").path("sessionId").asText(),
        "PASS",
        null,
        null);
    assertThat(journey(id)).isWaitingAt("Gateway_AwaitLiveness");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");
  }

  @Test
  void aFailedGuardianFaceCheck_failsTheApplication_andReleasesTheQuota() throws Exception {
    Answer submitted = childWithGuardian("小强", "孙大");
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id,
        submitted.body().path("guardianLiveness").path("sessionId").asText(),
        "SPOOF",
        null,
        null);
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    Answer failed = passengers.application(id, submitted.text("applicantToken"));
    assertThat(failed.text("status")).isEqualTo("FAILED");
    assertThat(failed.text("reasonCode")).isEqualTo("GUARDIAN_LIVENESS_FAILED");
    assertThat(failed.text("guidance")).isEqualTo("STATION_POLICE_WINDOW");
    assertThat(failed.text("certificateId")).isNull();
    assertThat(failed.body().path("quota").path("used").asInt()).isZero();
    assertThat(journey(id)).isNull();
  }

  @Test
  void aGuardianWhoNeverFinishes_endsTheApplicationWhenTheSessionIsOver() throws Exception {
    Answer submitted = childWithGuardian("小军", "周大");
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    clock.advance(Duration.ofMinutes(11));
    jobs.runDue(id);
    Answer abandoned = passengers.application(id, submitted.text("applicantToken"));
    assertThat(abandoned.text("status")).isEqualTo("ABANDONED");
    assertThat(abandoned.text("reasonCode")).isEqualTo("GUARDIAN_LIVENESS_TIMEOUT");
  }

  @Test
  void theGuardiansIdentityIsValidatedAndStoredEncrypted() throws Exception {
    String child = bornYearsAgo(6, 0);
    String guardianId = TestIdentities.randomIdNumber();
    char wrong = guardianId.charAt(17) == '1' ? '2' : '1';
    Answer bad =
        submit(application("小兰", child, guardian("吴大", guardianId.substring(0, 17) + wrong), true));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("code")).isEqualTo("INVALID_ID_NUMBER");
    assertThat(bad.body().path("errors").get(0).path("field").asText())
        .isEqualTo("guardian.idNumber");
    assertThat(bad.body().toString()).doesNotContain(guardianId.substring(0, 17));
    Answer missing = submit(application("小兰", child, Map.of("name", "吴大"), true));
    assertThat(missing.status()).isEqualTo(400);

    passengers.inRegistry("小兰", child);
    Answer ok = submit(application("小兰", child, guardian("吴大", guardianId), true));
    assertThat(ok.status()).isEqualTo(201);
    Map<String, Object> row =
        jdbc.sql("select * from guardian_consent where application_id = ?")
            .param(ok.text("applicationId"))
            .query()
            .singleRow();
    assertThat(row.values().toString()).doesNotContain(guardianId).doesNotContain("吴大");
    assertThat(row.get("CONSENT_GIVEN")).isEqualTo(true);
  }
}
