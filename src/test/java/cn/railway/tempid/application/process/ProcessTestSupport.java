package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shared steps of the process tests: drive the REST API as a passenger (so the real delegates run),
 * then look at the process instance through the engine and at the application as the passenger sees
 * it. All test classes share one Spring context, database and clock.
 */
@ApplicationTest
abstract class ProcessTestSupport {
  static final String PROCESS_KEY = ApplicationJourney.PROCESS_KEY;
  static final String STATION_POLICE_WINDOW = "STATION_POLICE_WINDOW";
  static final String REVIEWER =
      "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  /** Past the start of the renewal window (expiry − 3 h of a 24 h certificate). */
  static final Duration INTO_RENEWAL_WINDOW = Duration.ofHours(21).plusMinutes(1);

  @Autowired ProcessEngine processEngine;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired TaskService taskService;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void initProcessAssertions() {
    BpmnAwareTests.init(processEngine);
  }

  /** An accepted application, waiting for liveness, with its running process instance. */
  record Journey(
      String applicationId, String applicantToken, String sessionId, ProcessInstance process) {}

  /** A fresh person who is in the population registry (with the given flags). */
  Journey applyAsRegisteredPerson(String name, String... flags) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber, flags);
    return apply(name, idNumber);
  }

  /** Submits as a guest and expects the application to be accepted (201). */
  Journey apply(String name, String idNumber) throws Exception {
    Passengers.Answer submitted = passengers.submitAsGuest(name, idNumber);
    assertThat(submitted.status()).as("submission answer %s", submitted.body()).isEqualTo(201);
    assertThat(submitted.text("status")).isEqualTo("AWAITING_LIVENESS");
    String id = submitted.text("applicationId");
    ProcessInstance instance =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(PROCESS_KEY)
            .processInstanceBusinessKey(id)
            .singleResult();
    assertThat(instance).as("running process instance of %s", id).isNotNull();
    return new Journey(
        id,
        submitted.text("applicantToken"),
        submitted.body().path("liveness").path("sessionId").asText(),
        instance);
  }

  /** The simulated provider finishes the capture and calls back; no job has run yet. */
  void captureWithoutRunningJobs(
      String sessionId, String outcome, Double livenessScore, Double faceMatchScore)
      throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("outcome", outcome);
    body.put("livenessScore", livenessScore);
    body.put("faceMatchScore", faceMatchScore);
    Passengers.Answer answer = passengers.postJson("/api/v1/demo/liveness/" + sessionId, body);
    assertThat(answer.status()).as("capture answer %s", answer.body()).isEqualTo(204);
  }

  /** Completes the current capture and runs the jobs that follow. */
  void capture(
      Journey journey,
      String sessionId,
      String outcome,
      Double livenessScore,
      Double faceMatchScore)
      throws Exception {
    passengers.completeLiveness(
        journey.applicationId(), sessionId, outcome, livenessScore, faceMatchScore);
  }

  /** The passenger asks for another liveness attempt. */
  Passengers.Answer requestNewAttempt(Journey journey) throws Exception {
    return passengers.postJson(
        "/api/v1/applications/" + journey.applicationId() + "/liveness-sessions",
        Map.of(),
        "X-Applicant-Token",
        journey.applicantToken());
  }

  /** GET /applications/{id} as the guest who applied (expects 200). */
  JsonNode view(Journey journey) throws Exception {
    Passengers.Answer answer =
        passengers.application(journey.applicationId(), journey.applicantToken());
    assertThat(answer.status()).as("GET application answer %s", answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** The application's status and reason code as stored (for refusals, which have no token). */
  Map<String, Object> storedApplication(String applicationId) {
    return jdbc.sql("select status, reason_code from application where id = ?")
        .param(applicationId)
        .query()
        .singleRow();
  }

  /** Gets a certificate issued to a fresh registered person; returns the issued journey. */
  Journey issuedCertificate(String name, String idNumber) throws Exception {
    Journey journey = apply(name, idNumber);
    capture(journey, journey.sessionId(), "PASS", null, null);
    JsonNode issued = view(journey);
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("certificateId").asText(null)).isNotBlank();
    return journey;
  }

  HistoricProcessInstance historicInstance(String applicationId) {
    HistoricProcessInstance instance =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(PROCESS_KEY)
            .processInstanceBusinessKey(applicationId)
            .singleResult();
    assertThat(instance).as("process instance of application %s", applicationId).isNotNull();
    return instance;
  }

  /** The process of this application has ended, and ended at this end event. */
  void assertEndedAt(String applicationId, String endEventId) {
    HistoricProcessInstance instance = historicInstance(applicationId);
    assertThat(instance.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
    assertThat(instance.getEndTime()).isNotNull();
    assertThat(instance.getEndActivityId()).isEqualTo(endEventId);
    assertThat(passedActivities(applicationId)).contains(endEventId);
  }

  /** The activity ids the process instance of this application passed, in start order. */
  List<String> passedActivities(String applicationId) {
    return history
        .createHistoricActivityInstanceQuery()
        .processInstanceId(historicInstance(applicationId).getId())
        .orderByHistoricActivityInstanceStartTime()
        .asc()
        .orderPartiallyByOccurrence()
        .asc()
        .list()
        .stream()
        .map(HistoricActivityInstance::getActivityId)
        .toList();
  }

  /**
   * Moves the clock so that the next {@code span} stays in one natural month (Asia/Shanghai): if
   * the month would end before, jump to the 2nd of the next month.
   */
  void ensureSameMonthFor(Duration span) {
    ZonedDateTime now = clock.instant().atZone(ClockConfiguration.CHINA);
    if (!YearMonth.from(now).equals(YearMonth.from(now.plus(span)))) {
      ZonedDateTime target =
          now.with(TemporalAdjusters.firstDayOfNextMonth())
              .toLocalDate()
              .plusDays(1)
              .atTime(1, 0)
              .atZone(ClockConfiguration.CHINA);
      clock.advance(Duration.between(now, target));
    }
  }
}
