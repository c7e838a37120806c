package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What load shedding counts as queued work: a journey's step waiting for a job thread (here the
 * test is the job executor, which is off) counts until it has run.
 */
@ApplicationTest
class DueJourneyStepsTest {
  @Autowired ManagementService management;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;

  @Test
  void aJourneysStepWaitingForAJobThreadCountsUntilItHasRun() throws Exception {
    DueJobs due = new DueJobs(management);
    long before = due.size();
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("钱七", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("钱七", idNumber);
    String applicationId = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    Passengers.Answer captured =
        passengers.postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS"));
    assertThat(captured.status()).isEqualTo(204);

    assertThat(new DueJobs(management).size())
        .as("the step after the face check waits for a job thread")
        .isEqualTo(before + 1);

    jobs.runDue(applicationId);
    assertThat(new DueJobs(management).size()).isEqualTo(before);
  }
}
