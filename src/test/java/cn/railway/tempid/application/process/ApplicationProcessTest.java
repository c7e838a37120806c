package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.QuotaTable;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

/**
 * The paths of {@code temporary-id-application} after the pre-checks: liveness (pass, retry, fail,
 * spoof, time-outs), registry and approval outcomes, and the async save points. Every journey is
 * driven through the REST API so the real delegates run.
 */
class ApplicationProcessTest extends ProcessTestSupport {

  @Test
  void shouldIssueCertificate_whenLivenessPassesAndRegistryMatches() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Journey journey = apply("张三", idNumber);

    assertThat(journey.process())
        .isStarted()
        .hasBusinessKey(journey.applicationId())
        .isWaitingAt("Gateway_AwaitLiveness");
    JsonNode waiting = view(journey);
    assertThat(waiting.path("liveness").path("status").asText()).isEqualTo("PENDING");
    assertThat(waiting.path("quota").path("used").asInt())
        .as("quota is reserved once the pre-checks pass")
        .isEqualTo(1);

    capture(journey, journey.sessionId(), "PASS", 0.98, 0.95);

    assertThat(journey.process())
        .isEnded()
        .hasPassedInOrder(
            "SubProcess_PreChecks",
            "Task_StartLivenessSession",
            "Gateway_AwaitLiveness",
            "Event_LivenessCompleted",
            "Task_FetchLivenessResult",
            "Gateway_LivenessPassed",
            "Task_LookUpRegistry",
            "Task_DecideApproval",
            "Gateway_ApprovalDecision",
            "Task_IssueCertificate",
            "EndEvent_CertificateIssued");
    assertThat(journey.process())
        .hasNotPassed(
            "UserTask_ReviewApplication",
            "EndEvent_ApplicationFailed",
            "EndEvent_ApplicationAbandoned");
    assertEndedAt(journey.applicationId(), "EndEvent_CertificateIssued");

    JsonNode issued = view(journey);
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("reasonCode").isNull()).isTrue();
    assertThat(issued.path("guidance").isNull()).isTrue();
    assertThat(issued.path("certificateId").asText(null)).isNotBlank();
    assertThat(issued.path("decidedAt").asText(null)).isNotBlank();
    assertThat(issued.path("liveness").path("status").asText()).isEqualTo("PASSED");
    assertThat(issued.path("quota").path("used").asInt())
        .as("the issued certificate counts against the monthly quota")
        .isEqualTo(1);
    assertThat(issued.path("quota").path("limit").asInt())
        .as("the limit of dmn/quota.dmn, whatever an analyst set it to")
        .isEqualTo(QuotaTable.monthlyLimit());
  }

  @Test
  void shouldWaitForNewAttemptAndThenIssue_whenFirstLivenessAttemptFails() throws Exception {
    Journey journey = applyAsRegisteredPerson("李四");

    capture(journey, journey.sessionId(), "FAIL", null, null);

    assertThat(journey.process())
        .isWaitingAt("Gateway_AwaitRetry")
        .hasPassed("Task_FetchLivenessResult", "Gateway_AttemptsLeft")
        .hasNotPassed("Task_LookUpRegistry");
    JsonNode failedOnce = view(journey);
    assertThat(failedOnce.path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(failedOnce.path("liveness").path("status").asText()).isEqualTo("FAILED");
    assertThat(failedOnce.path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);

    Passengers.Answer retry = requestNewAttempt(journey);
    assertThat(retry.status()).as("retry answer %s", retry.body()).isEqualTo(201);
    String secondSession = retry.text("sessionId");
    assertThat(secondSession).isNotBlank().isNotEqualTo(journey.sessionId());
    assertThat(retry.body().path("attemptsLeft").asInt()).isEqualTo(1);
    assertThat(retry.text("expiresAt")).isNotBlank();
    assertThat(journey.process())
        .isWaitingAt("Gateway_AwaitLiveness")
        .hasPassed("Event_RetryRequested");
    assertThat(view(journey).path("liveness").path("sessionId").asText()).isEqualTo(secondSession);

    capture(journey, secondSession, "PASS", null, null);

    assertThat(journey.process()).isEnded().hasPassed("EndEvent_CertificateIssued");
    JsonNode issued = view(journey);
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("certificateId").asText(null)).isNotBlank();
  }

  @Test
  void shouldFailWithGuidanceAndReleaseQuota_whenLivenessFailsThreeTimes() throws Exception {
    Journey journey = applyAsRegisteredPerson("王五");

    capture(journey, journey.sessionId(), "FAIL", null, null);
    Passengers.Answer second = requestNewAttempt(journey);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.body().path("attemptsLeft").asInt()).isEqualTo(1);
    capture(journey, second.text("sessionId"), "FAIL", null, null);
    assertThat(journey.process()).isWaitingAt("Gateway_AwaitRetry");
    Passengers.Answer third = requestNewAttempt(journey);
    assertThat(third.status()).isEqualTo(201);
    assertThat(third.body().path("attemptsLeft").asInt()).isEqualTo(0);
    capture(journey, third.text("sessionId"), "FAIL", null, null);

    assertThat(journey.process())
        .isEnded()
        .hasPassed("EndEvent_LivenessFailed")
        .hasNotPassed("Task_LookUpRegistry", "EndEvent_ApplicationAbandoned");
    assertEndedAt(journey.applicationId(), "EndEvent_LivenessFailed");
    JsonNode failed = view(journey);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo("LIVENESS_FAILED");
    assertThat(failed.path("guidance").asText()).isEqualTo(STATION_POLICE_WINDOW);
    assertThat(failed.path("messageZh").asText()).contains("车站公安制证窗口");
    assertThat(failed.path("certificateId").isNull()).isTrue();
    assertThat(failed.path("liveness").path("attemptsLeft").asInt()).isZero();
    assertThat(failed.path("quota").path("used").asInt())
        .as("an application without a certificate releases its quota")
        .isZero();

    Passengers.Answer fourth = requestNewAttempt(journey);
    assertThat(fourth.status()).isEqualTo(409);
    assertThat(fourth.text("code")).isEqualTo("NO_ATTEMPTS_LEFT");
    assertThat(fourth.text("guidance")).isEqualTo(STATION_POLICE_WINDOW);
  }

  @Test
  void shouldCountSpoofAsFailedAttempt_andWaitForNewAttempt() throws Exception {
    Journey journey = applyAsRegisteredPerson("赵六");

    capture(journey, journey.sessionId(), "SPOOF", null, null);

    assertThat(journey.process())
        .isWaitingAt("Gateway_AwaitRetry")
        .hasNotPassed("Task_LookUpRegistry", "Task_IssueCertificate");
    JsonNode spoofed = view(journey);
    assertThat(spoofed.path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(spoofed.path("liveness").path("status").asText()).isEqualTo("FAILED");
    assertThat(spoofed.path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);
    assertThat(spoofed.path("certificateId").isNull()).isTrue();

    Passengers.Answer retry = requestNewAttempt(journey);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body().path("attemptsLeft").asInt()).isEqualTo(1);
  }

  @Test
  void shouldEndWithLivenessFailed_whenEveryAttemptIsASpoof() throws Exception {
    Journey journey = applyAsRegisteredPerson("钱七");

    capture(journey, journey.sessionId(), "SPOOF", null, null);
    capture(journey, requestNewAttempt(journey).text("sessionId"), "SPOOF", null, null);
    capture(journey, requestNewAttempt(journey).text("sessionId"), "SPOOF", null, null);

    assertThat(journey.process()).isEnded().hasPassed("EndEvent_LivenessFailed");
    JsonNode failed = view(journey);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo("LIVENESS_FAILED");
    assertThat(failed.path("quota").path("used").asInt()).isZero();
  }

  @Test
  void shouldAbandonAndReleaseQuota_whenLivenessNotFinishedInTenMinutes() throws Exception {
    Journey journey = applyAsRegisteredPerson("孙八");
    assertThat(view(journey).path("quota").path("used").asInt()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(9));
    jobs.runDue(journey.applicationId());

    assertThat(journey.process())
        .isWaitingAt("Gateway_AwaitLiveness")
        .hasNotPassed("Event_LivenessTimedOut");
    assertThat(view(journey).path("status").asText()).isEqualTo("AWAITING_LIVENESS");

    clock.advance(Duration.ofMinutes(1).plusSeconds(5));
    jobs.runDue(journey.applicationId());

    assertThat(journey.process())
        .isEnded()
        .hasPassedInOrder(
            "Gateway_AwaitLiveness", "Event_LivenessTimedOut", "EndEvent_ApplicationAbandoned")
        .hasNotPassed("Task_FetchLivenessResult");
    assertEndedAt(journey.applicationId(), "EndEvent_ApplicationAbandoned");
    JsonNode abandoned = view(journey);
    assertThat(abandoned.path("status").asText()).isEqualTo("ABANDONED");
    assertThat(abandoned.path("reasonCode").asText()).isEqualTo("LIVENESS_TIMEOUT");
    assertThat(abandoned.path("liveness").path("status").asText()).isEqualTo("EXPIRED");
    assertThat(abandoned.path("quota").path("used").asInt())
        .as("an abandoned application releases its quota")
        .isZero();

    Passengers.Answer late =
        passengers.postJson(
            "/api/v1/demo/liveness/" + journey.sessionId(), java.util.Map.of("outcome", "PASS"));
    jobs.runDue(journey.applicationId());
    assertThat(view(journey).path("status").asText())
        .as("a capture after the time-out changes nothing (answered %s)", late.status())
        .isEqualTo("ABANDONED");
  }

  @Test
  void shouldAbandonAndReleaseQuota_whenNoNewAttemptRequestedWithinTenMinutesAfterFailure()
      throws Exception {
    Journey journey = applyAsRegisteredPerson("周九");
    capture(journey, journey.sessionId(), "FAIL", null, null);
    assertThat(journey.process()).isWaitingAt("Gateway_AwaitRetry");

    clock.advance(Duration.ofMinutes(9));
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).isWaitingAt("Gateway_AwaitRetry");

    clock.advance(Duration.ofMinutes(1).plusSeconds(5));
    jobs.runDue(journey.applicationId());

    assertThat(journey.process())
        .isEnded()
        .hasPassedInOrder(
            "Gateway_AwaitRetry", "Event_RetryTimedOut", "EndEvent_ApplicationAbandoned")
        .hasNotPassed("Event_RetryRequested");
    assertEndedAt(journey.applicationId(), "EndEvent_ApplicationAbandoned");
    JsonNode abandoned = view(journey);
    assertThat(abandoned.path("status").asText()).isEqualTo("ABANDONED");
    assertThat(abandoned.path("reasonCode").asText()).isEqualTo("LIVENESS_TIMEOUT");
    assertThat(abandoned.path("quota").path("used").asInt()).isZero();

    Passengers.Answer tooLate = requestNewAttempt(journey);
    assertThat(tooLate.status()).isEqualTo(409);
  }

  @Test
  void shouldFailWithRegistryNotFound_whenPersonIsNotInRegistry() throws Exception {
    Journey journey = apply("吴十", TestIdentities.randomIdNumber());

    capture(journey, journey.sessionId(), "PASS", null, null);

    assertThat(journey.process())
        .isEnded()
        .hasPassedInOrder(
            "Task_LookUpRegistry", "Task_DecideApproval", "EndEvent_ApplicationFailed")
        .hasNotPassed("Task_IssueCertificate", "UserTask_ReviewApplication");
    assertEndedAt(journey.applicationId(), "EndEvent_ApplicationFailed");
    assertFailedWithGuidance(journey, "REGISTRY_NOT_FOUND");
  }

  @Test
  void shouldFailWithIdentityNotVerified_whenRegistryHasAnotherNameForTheNumber() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("郑十一", idNumber);
    Journey journey = apply("冯十二", idNumber);

    capture(journey, journey.sessionId(), "PASS", null, null);

    assertEndedAt(journey.applicationId(), "EndEvent_ApplicationFailed");
    assertFailedWithGuidance(journey, "IDENTITY_NOT_VERIFIED");
  }

  @Test
  void shouldFailWithRegistryFlagged_whenRegistrySaysDeceased() throws Exception {
    Journey journey = applyAsRegisteredPerson("陈十三", "DECEASED");

    capture(journey, journey.sessionId(), "PASS", null, null);

    assertThat(journey.process())
        .isEnded()
        .hasPassed("EndEvent_ApplicationFailed")
        .hasNotPassed("UserTask_ReviewApplication", "Task_IssueCertificate");
    assertFailedWithGuidance(journey, "REGISTRY_FLAGGED");
  }

  @Test
  void shouldCountALiveFaceThatDoesNotMatch_asAFailedAttempt_whenFaceMatchScoreIsBelowSixty()
      throws Exception {
    Journey journey = applyAsRegisteredPerson("褚十四");

    capture(journey, journey.sessionId(), "PASS", 0.98, 0.50);

    // identity assurance (issue 7): a live face that is not the applicant's never reaches the
    // registry or approval; it is a failed attempt like a failed liveness check
    assertThat(journey.process())
        .isWaitingAt("Gateway_AwaitRetry")
        .hasPassed("Task_FetchLivenessResult")
        .hasNotPassed("Task_LookUpRegistry", "Task_DecideApproval", "Task_IssueCertificate");
    JsonNode mismatch = view(journey);
    assertThat(mismatch.path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(mismatch.path("liveness").path("status").asText()).isEqualTo("FAILED");
    assertThat(mismatch.path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);
  }

  /**
   * ADR 0010: the callback only correlates the message; an auto-approved adult's journey then runs
   * as one job, the fetch of the verdict, the registry lookup, the decision and the issue.
   */
  @Test
  void anAutoApprovedJourney_runsAsOneJobAfterTheLivenessCallback() throws Exception {
    Journey journey = applyAsRegisteredPerson("卫十五");

    captureWithoutRunningJobs(journey.sessionId(), "PASS", null, null);

    // the callback only correlated the message: the fetch waits as a job (asyncBefore)
    assertThat(journey.process())
        .isWaitingAt("Task_FetchLivenessResult")
        .hasPassed("Event_LivenessCompleted")
        .hasNotPassed("Task_FetchLivenessResult");
    Job fetch = job("Task_FetchLivenessResult", journey.process());
    assertThat(
            management
                .createJobQuery()
                .processInstanceId(journey.process().getId())
                .messages()
                .list())
        .as("exactly one job after the callback (besides the 24-hour deadline's timer)")
        .extracting(Job::getId)
        .containsExactly(fetch.getId());
    assertThat(fetch.getRetries()).isPositive();
    assertThat(view(journey).path("status").asText()).isEqualTo("AWAITING_LIVENESS");

    management.executeJob(fetch.getId());

    assertThat(journey.process())
        .as("that one job fetched, looked up, decided and issued")
        .isEnded()
        .hasPassedInOrder(
            "Task_FetchLivenessResult",
            "Task_LookUpRegistry",
            "Task_DecideApproval",
            "Task_IssueCertificate",
            "EndEvent_CertificateIssued");
    assertThat(management.createJobQuery().processInstanceId(journey.process().getId()).list())
        .isEmpty();
    JsonNode issued = view(journey);
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("certificateId").asText(null)).isNotBlank();
  }

  /**
   * A deployed approval table that answers what the service cannot use, for a case its case rows
   * never tried: the case stops with an incident whose failing activity is *Decide approval* (its
   * job is the one after the liveness callback, *Fetch liveness result*), whose message names the
   * table, its version and the reason; once the table is rolled back, retrying the incident issues.
   */
  @Test
  void aMisbehavingApprovalTable_isAnIncidentFailingAtDecideApproval_namingTheTableAndItsVersion()
      throws Exception {
    String table;
    try (var in = getClass().getResourceAsStream("/dmn/approval.dmn")) {
      table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String misbehaving =
        table.replace(
            "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n          <text>\"APPROVE\"</text>",
            "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n"
                + "          <text>if faceMatchScore &gt; 0.99 then \"APPROVED\" else \"APPROVE\"</text>");
    assertThat(misbehaving).isNotEqualTo(table);
    Journey journey = applyAsRegisteredPerson("孔十六");
    String deploymentId =
        repository
            .createDeployment()
            .name("approval: untested branch")
            .addString("approval.dmn", misbehaving)
            .deploy()
            .getId();
    boolean withdrawn = false;
    try {
      int version =
          repository
              .createDecisionDefinitionQuery()
              .deploymentId(deploymentId)
              .singleResult()
              .getVersion();
      captureWithoutRunningJobs(journey.sessionId(), "PASS", 0.98, 0.995);
      // one job runs the fetch, the registry lookup and the decision: the table fails it
      Job job = job("Task_FetchLivenessResult", journey.process());
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException expected) {
          // the job's failure: retried, then an incident
        }
      }

      Incident incident =
          runtime.createIncidentQuery().processInstanceId(journey.process().getId()).singleResult();
      assertThat(incident).isNotNull();
      assertThat(incident.getIncidentType()).isEqualTo("failedJob");
      assertThat(incident.getActivityId())
          .as("the job waits before the fetch, where the whole job starts again")
          .isEqualTo("Task_FetchLivenessResult");
      assertThat(incident.getFailedActivityId())
          .as("Cockpit's failing activity: the step that evaluates the table")
          .isEqualTo("Task_DecideApproval");
      assertThat(incident.getIncidentMessage())
          .startsWith("Decision table 'approval' version " + version)
          .contains("\"APPROVED\" is not a value the service understands for 'decision'")
          .doesNotContain("No enum constant");
      JsonNode meanwhile = view(journey);
      assertThat(meanwhile.path("status").asText())
          .as("the passed liveness is committed with the decision, rolled back with it")
          .isEqualTo("AWAITING_LIVENESS");
      assertThat(meanwhile.path("liveness").path("status").asText())
          .as("the verdict is fetched again at the retry")
          .isEqualTo("PENDING");
      assertThat(meanwhile.path("liveness").path("attemptsLeft").asInt())
          .as("a retried job never counts the attempt again")
          .isEqualTo(2);

      // the fix of the operations guide: the table before decides again, then retry the incident
      repository.deleteDeployment(deploymentId, true);
      withdrawn = true;
      clock.advance(Duration.ofSeconds(6)); // no node remembers the withdrawn version
      management.setJobRetries(job.getId(), 1);
      management.executeJob(job.getId());
      jobs.runDue(journey.applicationId());
      assertThat(journey.process()).isEnded().hasPassed("EndEvent_CertificateIssued");
      JsonNode issued = view(journey);
      assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
      assertThat(issued.path("liveness").path("status").asText()).isEqualTo("PASSED");
      assertThat(issued.path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);
    } finally {
      if (!withdrawn) {
        repository.deleteDeployment(deploymentId, true);
        clock.advance(Duration.ofSeconds(6));
      }
    }
  }

  private void assertFailedWithGuidance(Journey journey, String reasonCode) throws Exception {
    JsonNode failed = view(journey);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo(reasonCode);
    assertThat(failed.path("guidance").asText()).isEqualTo(STATION_POLICE_WINDOW);
    assertThat(failed.path("messageZh").asText()).isNotBlank();
    assertThat(failed.path("certificateId").isNull()).isTrue();
    assertThat(failed.path("decidedAt").asText(null)).isNotBlank();
    assertThat(failed.path("quota").path("used").asInt())
        .as("an application without a certificate releases its quota")
        .isZero();
  }
}
