package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Children (API.md "Children", PIPL art. 31): the guardian who consents for a child is looked up in
 * the population registry like the applicant. A guardian the registry does not know, whose name
 * does not match, or who is flagged {@code DECEASED} or {@code REPORTED_FRAUD} ends the application
 * {@code REJECTED / GUARDIAN_NOT_VERIFIED}: never a certificate, never a manual review. Both face
 * checks pass in every case here, so only the registry can stop the child's certificate.
 */
@ApplicationTest
class GuardianRegistryCheckTest {
  @Autowired Passengers passengers;
  @Autowired AdjustableClock clock;
  @Autowired ProcessEngine engine;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  /** A child's application whose guardian gave this identity, with both face checks passed. */
  record Child(String applicationId, String applicantToken) {}

  Child childApplies(String childName, String guardianName, String guardianIdNumber)
      throws Exception {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("110105", today.minusYears(8));
    passengers.inRegistry(childName, child);
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication(childName, child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    consents.put("guardian", true);
    body.put("consents", consents);
    body.put(
        "guardian",
        Map.of("name", guardianName, "idType", "RESIDENT_ID_CARD", "idNumber", guardianIdNumber));
    Answer submitted = passengers.postJson("/api/v1/applications", body);
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id,
        submitted.body().path("guardianLiveness").path("sessionId").asText(),
        "PASS",
        0.97,
        0.95);
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.97, 0.95);
    return new Child(id, submitted.text("applicantToken"));
  }

  Answer view(Child child) throws Exception {
    return passengers.application(child.applicationId(), child.applicantToken());
  }

  HistoricProcessInstance journey(Child child) {
    return history
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ApplicationJourney.PROCESS_KEY)
        .processInstanceBusinessKey(child.applicationId())
        .singleResult();
  }

  /** What the passenger and the operator see of a guardian the registry does not vouch for. */
  void assertRefusedAsGuardianNotVerified(Child child) throws Exception {
    Answer refused = view(child);
    assertThat(refused.text("status")).as(String.valueOf(refused.body())).isEqualTo("REJECTED");
    assertThat(refused.text("reasonCode")).isEqualTo("GUARDIAN_NOT_VERIFIED");
    assertThat(refused.text("messageZh")).contains("监护人").contains("车站公安制证窗口");
    assertThat(refused.text("messageEn")).contains("guardian");
    assertThat(refused.text("guidance")).isEqualTo("STATION_POLICE_WINDOW");
    assertThat(refused.text("certificateId")).isNull();
    assertThat(refused.body().path("quota").path("used").asInt()).as("quota released").isZero();
    assertThat(
            tasks
                .createTaskQuery()
                .processInstanceBusinessKey(child.applicationId())
                .taskDefinitionKey(ApplicationJourney.TASK_REVIEW_APPLICATION)
                .count())
        .as("a guardian problem is never put to a reviewer")
        .isZero();
    HistoricProcessInstance journey = journey(child);
    assertThat(journey.getEndTime()).as("the journey ended").isNotNull();
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(journey.getId())
                .activityId("Task_IssueCertificate")
                .count())
        .isZero();
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(journey.getId())
                .activityId(ApplicationJourney.TASK_REVIEW_APPLICATION)
                .count())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DECEASED", "REPORTED_FRAUD"})
  void aGuardianFlaggedInTheRegistry_isRefused_neverIssued(String flag) throws Exception {
    String guardian = TestIdentities.randomIdNumber();
    passengers.inRegistry("郑大", guardian, flag);
    Child child = childApplies("郑小", "郑大", guardian);
    assertRefusedAsGuardianNotVerified(child);
  }

  @Test
  void aGuardianWhoseNameDoesNotMatchTheRegistry_isRefused_notSentToManualReview()
      throws Exception {
    String guardian = TestIdentities.randomIdNumber();
    passengers.inRegistry("冯大", guardian);
    Child child = childApplies("冯小", "冯二", guardian);
    assertRefusedAsGuardianNotVerified(child);
  }

  @Test
  void aGuardianUnknownToTheRegistry_isRefused() throws Exception {
    Child child = childApplies("陈小", "陈大", TestIdentities.randomIdNumber());
    assertRefusedAsGuardianNotVerified(child);
  }

  @Test
  void aGuardianTheRegistryKnowsWithoutFlags_letsTheChildsJourneyIssueAsBefore() throws Exception {
    String guardian = TestIdentities.randomIdNumber();
    passengers.inRegistry("褚大", guardian);
    Child child = childApplies("褚小", "褚大", guardian);
    Answer issued = view(child);
    assertThat(issued.text("status")).as(String.valueOf(issued.body())).isEqualTo("ISSUED");
    assertThat(issued.text("reasonCode")).isNull();
    assertThat(issued.text("certificateId")).isNotBlank();
    assertThat(issued.body().path("guardianLiveness").path("status").asText()).isEqualTo("PASSED");
  }
}
