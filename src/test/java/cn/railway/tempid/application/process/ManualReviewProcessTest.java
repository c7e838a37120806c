package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import cn.railway.tempid.support.Passengers;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** The manual review branch: the user task, the reviewer's decision and the overdue escalation. */
class ManualReviewProcessTest extends ProcessTestSupport {
  static final Duration REVIEW_DEADLINE = Duration.ofHours(4);

  @Test
  void shouldWaitForReviewerWithDueDate_whenFaceMatchIsBorderline() throws Exception {
    Journey journey = applyAsRegisteredPerson("张三");
    Instant decidedAround = clock.instant();

    capture(journey, journey.sessionId(), "PASS", 0.98, 0.70);

    assertThat(journey.process())
        .isWaitingAt("UserTask_ReviewApplication")
        .hasPassed("Task_DecideApproval")
        .hasNotPassed("Task_IssueCertificate");
    Task review = task("UserTask_ReviewApplication", journey.process());
    assertThat(review).hasCandidateGroup("reviewers").isNotAssigned();
    assertThat(review.getDueDate()).as("review has a due date").isNotNull();
    assertThat(review.getDueDate().toInstant())
        .isBetween(
            decidedAround.plus(REVIEW_DEADLINE).minusSeconds(5),
            clock.instant().plus(REVIEW_DEADLINE).plusSeconds(5));
    assertThat(journey.process())
        .variables()
        .containsEntry("approvalDecision", "MANUAL_REVIEW")
        .containsEntry("approvalReasonCode", "FACE_MATCH_BORDERLINE");

    JsonNode listed = openReview(journey.applicationId());
    assertThat(listed).as("GET /reviews lists the task").isNotNull();
    assertThat(listed.path("taskId").asText()).isEqualTo(review.getId());
    assertThat(listed.path("reasonCodes").toString()).contains("FACE_MATCH_BORDERLINE");
    assertThat(Instant.parse(listed.path("dueAt").asText()))
        .isEqualTo(review.getDueDate().toInstant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(listed.path("createdAt").asText(null)).isNotBlank();

    JsonNode underReview = view(journey);
    assertThat(underReview.path("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(underReview.path("certificateId").isNull()).isTrue();
    assertThat(underReview.path("quota").path("used").asInt()).isEqualTo(1);
  }

  @Test
  void shouldIssueCertificate_whenReviewerApproves() throws Exception {
    Journey journey = applyAsRegisteredPerson("李四");
    capture(journey, journey.sessionId(), "PASS", 0.98, 0.70);
    Task review = task("UserTask_ReviewApplication", journey.process());

    Passengers.Answer decided = decide(review.getId(), "APPROVE", "photo checked");

    assertThat(decided.status()).isEqualTo(204);
    // ADR 0010: the reviewer's request only completed the task; signing is a job of its own
    assertThat(journey.process())
        .isWaitingAt("Gateway_ReviewApproved")
        .hasPassed("UserTask_ReviewApplication")
        .hasNotPassed("Task_IssueCertificate");
    List<Job> left =
        management.createJobQuery().processInstanceId(journey.process().getId()).list();
    assertThat(left)
        .as("the job before the outcome and the 24-hour deadline's timer, no overdue timer")
        .hasSize(2);
    Job outcome =
        management
            .createJobQuery()
            .processInstanceId(journey.process().getId())
            .messages()
            .singleResult();
    assertThat(outcome.getRetries()).as("a job that is retried").isPositive();
    assertThat(
            management
                .createJobQuery()
                .processInstanceId(journey.process().getId())
                .activityId("BoundaryEvent_ReviewOverdue")
                .count())
        .as("the completed task's overdue timer ended with it")
        .isZero();
    JsonNode notYetIssued = view(journey);
    assertThat(notYetIssued.path("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(notYetIssued.path("certificateId").isNull()).isTrue();
    assertThat(openReview(journey.applicationId())).as("no longer an open review").isNull();

    // the overdue time passes while the job waits: nothing escalates a decided review
    clock.advance(REVIEW_DEADLINE.plusMinutes(1));
    jobs.runDue(journey.applicationId());
    assertThat(journey.process())
        .isEnded()
        .hasPassedInOrder(
            "UserTask_ReviewApplication",
            "Gateway_ReviewApproved",
            "Task_IssueCertificate",
            "EndEvent_CertificateIssued")
        .hasNotPassed("Task_EscalateReview");
    assertEndedAt(journey.applicationId(), "EndEvent_CertificateIssued");
    JsonNode issued = view(journey);
    assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
    assertThat(issued.path("certificateId").asText(null)).isNotBlank();
    assertThat(issued.path("quota").path("used").asInt()).isEqualTo(1);
    assertThat(openReview(journey.applicationId())).as("no longer an open review").isNull();
  }

  @Test
  void shouldFailWithReviewRejected_whenReviewerRejectsReportedFraudCase() throws Exception {
    Journey journey = applyAsRegisteredPerson("王五", "REPORTED_FRAUD");
    capture(journey, journey.sessionId(), "PASS", null, null);

    assertThat(journey.process()).isWaitingAt("UserTask_ReviewApplication");
    JsonNode listed = openReview(journey.applicationId());
    assertThat(listed.path("reasonCodes").toString()).contains("REPORTED_FRAUD");

    Passengers.Answer decided =
        decide(listed.path("taskId").asText(), "REJECT", "REGISTRY_FLAGGED", "not the person");

    assertThat(decided.status()).isEqualTo(204);
    // the outcome runs in the job before "Reviewer approved?", the rejection as well
    assertThat(journey.process()).isWaitingAt("Gateway_ReviewApproved");
    jobs.runDue(journey.applicationId());
    assertThat(journey.process())
        .isEnded()
        .hasPassed("Gateway_ReviewApproved", "EndEvent_ReviewRejected")
        .hasNotPassed("Task_IssueCertificate");
    assertEndedAt(journey.applicationId(), "EndEvent_ReviewRejected");
    JsonNode failed = view(journey);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo("REVIEW_REJECTED");
    assertThat(failed.path("guidance").asText()).isEqualTo(STATION_POLICE_WINDOW);
    assertThat(failed.path("certificateId").isNull()).isTrue();
    assertThat(failed.path("quota").path("used").asInt()).isZero();
  }

  @Test
  void shouldCompleteReviewThroughTaskService_withReviewDecisionVariable() throws Exception {
    Journey journey = applyAsRegisteredPerson("赵六");
    capture(journey, journey.sessionId(), "PASS", 0.98, 0.65);

    // as Tasklist completes it: the engine knows the reviewer
    processEngine.getIdentityService().setAuthentication("demo", List.of("reviewers"));
    try {
      taskService.complete(
          task("UserTask_ReviewApplication", journey.process()).getId(),
          Map.of("reviewDecision", "APPROVE"));
    } finally {
      processEngine.getIdentityService().clearAuthentication();
    }
    jobs.runDue(journey.applicationId());

    assertThat(journey.process()).isEnded().hasPassed("EndEvent_CertificateIssued");
    assertThat(view(journey).path("status").asText()).isEqualTo("ISSUED");
  }

  @Test
  void shouldEscalateAndKeepReviewOpen_whenReviewIsOverdue() throws Exception {
    Journey journey = applyAsRegisteredPerson("孙七");
    capture(journey, journey.sessionId(), "PASS", 0.98, 0.70);
    Task review = task("UserTask_ReviewApplication", journey.process());
    int normalPriority = review.getPriority();

    clock.advance(REVIEW_DEADLINE.minusMinutes(5));
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).hasNotPassed("Task_EscalateReview");

    clock.advance(Duration.ofMinutes(6));
    jobs.runDue(journey.applicationId());

    assertThat(journey.process())
        .isWaitingAt("UserTask_ReviewApplication")
        .hasPassedInOrder(
            "BoundaryEvent_ReviewOverdue", "Task_EscalateReview", "EndEvent_ReviewEscalated")
        .hasNotPassed("Task_IssueCertificate", "EndEvent_ReviewRejected");
    Task escalated = task("UserTask_ReviewApplication", journey.process());
    assertThat(escalated.getId()).as("the same task stays open").isEqualTo(review.getId());
    assertThat(escalated.getPriority()).isGreaterThan(normalPriority);
    assertThat(escalated).hasCandidateGroup("supervisors");
    assertThat(
            taskService.getIdentityLinksForTask(escalated.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                .map(IdentityLink::getGroupId))
        .contains("reviewers", "supervisors");
    assertThat(processVariable(journey, "reviewDecision")).as("never silently approved").isNull();

    JsonNode stillUnderReview = view(journey);
    assertThat(stillUnderReview.path("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(stillUnderReview.path("certificateId").isNull()).isTrue();
    JsonNode listed = openReview(journey.applicationId());
    assertThat(listed).as("still listed as an open review").isNotNull();
    assertThat(listed.path("escalated").asBoolean()).isTrue();

    // a reviewer can still decide the escalated case
    assertThat(decide(escalated.getId(), "APPROVE", null).status()).isEqualTo(204);
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).isEnded().hasPassed("EndEvent_CertificateIssued");
    assertThat(view(journey).path("status").asText()).isEqualTo("ISSUED");
  }

  private Object processVariable(Journey journey, String name) {
    return runtime.getVariable(journey.process().getId(), name);
  }

  private Passengers.Answer decide(String taskId, String decision, String note) throws Exception {
    return decide(taskId, decision, null, note);
  }

  private Passengers.Answer decide(String taskId, String decision, String reasonCode, String note)
      throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("decision", decision);
    body.put("reasonCode", reasonCode);
    body.put("note", note);
    return passengers.postJson("/api/v1/reviews/" + taskId, body, "Authorization", REVIEWER);
  }

  /** The open review of this application as GET /reviews lists it, or null. */
  private JsonNode openReview(String applicationId) throws Exception {
    Passengers.Answer answer = passengers.get("/api/v1/reviews", "Authorization", REVIEWER);
    assertThat(answer.status()).isEqualTo(200);
    return StreamSupport.stream(answer.body().spliterator(), false)
        .filter(r -> applicationId.equals(r.path("applicationId").asText()))
        .findFirst()
        .orElse(null);
  }
}
