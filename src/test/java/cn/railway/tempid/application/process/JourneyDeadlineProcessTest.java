package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

/**
 * A case whose technical step became an incident nobody retried must not block the person for ever:
 * 24 hours after submission the journey ends as FAILED / PROCESSING_TIMEOUT, its quota is released
 * and the person may apply again.
 */
@ApplicationTest
class JourneyDeadlineProcessTest extends ProcessTestSupport {

  @Test
  void shouldFail_whenAnIncidentLeavesTheApplicationWithoutAnOutcomeFor24Hours() throws Exception {
    Journey journey = applyAsRegisteredPerson("郑十一");
    captureWithoutRunningJobs(journey.sessionId(), "PASS", null, null);
    Job fetch =
        management
            .createJobQuery()
            .processInstanceId(journey.process().getId())
            .activityId("Task_FetchLivenessResult")
            .singleResult();
    management.setJobRetries(fetch.getId(), 0); // as after 3 failed tries: an incident
    assertThat(runtime.createIncidentQuery().processInstanceId(journey.process().getId()).count())
        .isEqualTo(1);

    clock.advance(Duration.ofHours(23));
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).isNotEnded();

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).isEnded();
    assertThat(passedActivities(journey.applicationId()))
        .contains("Event_JourneyDeadline", "EndEvent_JourneyTimedOut")
        .doesNotContain("Task_LookUpRegistry");
    JsonNode failed = view(journey);
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo("PROCESSING_TIMEOUT");
    assertThat(failed.path("guidance").asText()).isEqualTo(STATION_POLICE_WINDOW);
    assertThat(failed.path("quota").path("used").asInt()).as("quota released").isZero();
    assertThat(runtime.createIncidentQuery().processInstanceId(journey.process().getId()).count())
        .isZero();
  }

  @Test
  void shouldFailAndReleaseQuota_whenAnOperatorCancelsTheInstance() throws Exception {
    Journey journey = applyAsRegisteredPerson("郑十二");
    runtime.deleteProcessInstance(journey.process().getId(), "cancelled in Cockpit", false);

    JsonNode cancelled = view(journey);
    assertThat(cancelled.path("status").asText()).isEqualTo("FAILED");
    assertThat(cancelled.path("reasonCode").asText()).isEqualTo("CANCELLED_BY_OPERATOR");
    assertThat(cancelled.path("quota").path("used").asInt()).isZero();
    assertThat(cancelled.path("liveness").path("status").asText()).isEqualTo("EXPIRED");
  }
}
