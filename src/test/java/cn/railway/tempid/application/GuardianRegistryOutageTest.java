package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A population registry that cannot be reached while the guardian of a child's application (or the
 * applicant) is looked up never decides the case (neither a refusal nor a certificate): the job is
 * retried and then becomes an incident, as the applicant's lookup does; once the registry answers
 * again the journey goes on. (Spying on the registry needs a Spring context of its own, with its
 * own database and engine, as {@code ProviderOutageApiTest} has.)
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own beside the shared H2 one in this JVM: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-guardian-registry-outage;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      // Camunda's web apps keep their Spring context in static fields: this context would take
      // them over from the shared one (as the documents' tests did: Cockpit then failed)
      "camunda.bpm.webapp.enabled=false",
      "camunda.bpm.generate-unique-process-application-name=true",
      "spring.quartz.scheduler-name=tempid-guardian-registry-outage"
    })
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ActiveProfiles({"demo", "test"})
class GuardianRegistryOutageTest {
  @MockitoSpyBean PopulationRegistry registry;
  @Autowired Passengers passengers;
  @Autowired AdjustableClock clock;
  @Autowired ManagementService management;
  @Autowired RuntimeService runtime;
  @Autowired Jobs jobs;

  @Test
  void aRegistryOutageOnTheGuardiansLookup_isRetriedThenAnIncident_andNeverDecides()
      throws Exception {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("110105", today.minusYears(10));
    String guardian = TestIdentities.randomIdNumber();
    passengers.inRegistry("卫小", child);
    passengers.inRegistry("卫大", guardian);
    doThrow(new PopulationRegistry.RegistryUnavailableException("registry down"))
        .when(registry)
        .lookUp(eq(guardian), anyString());

    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("卫小", child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    consents.put("guardian", true);
    body.put("consents", consents);
    body.put("guardian", Map.of("name", "卫大", "idType", "RESIDENT_ID_CARD", "idNumber", guardian));
    Answer submitted = passengers.postJson("/api/v1/applications", body);
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.97, 0.95);
    // the guardian's capture, without running the jobs it makes due (they would throw)
    Answer captured =
        passengers.postJson(
            "/api/v1/demo/liveness/"
                + submitted.body().path("guardianLiveness").path("sessionId").asText(),
            Map.of("outcome", "PASS", "livenessScore", 0.97, "faceMatchScore", 0.95));
    assertThat(captured.status()).isEqualTo(204);

    String instanceId =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
    Job lookUp =
        management
            .createJobQuery()
            .processInstanceId(instanceId)
            .activityId("Task_LookUpGuardianInRegistry")
            .singleResult();
    assertThat(lookUp).as("the guardian's lookup is a job of its own").isNotNull();
    for (int attempt = 1; attempt <= 3; attempt++) {
      String jobId = lookUp.getId();
      assertThatThrownBy(() -> management.executeJob(jobId))
          .isInstanceOf(PopulationRegistry.RegistryUnavailableException.class);
      Answer meanwhile = passengers.application(id, token);
      assertThat(meanwhile.text("status")).as("attempt %s", attempt).isEqualTo("UNDER_REVIEW");
      assertThat(meanwhile.text("reasonCode")).isNull();
      assertThat(meanwhile.text("certificateId")).isNull();
    }
    Job exhausted = management.createJobQuery().jobId(lookUp.getId()).singleResult();
    assertThat(exhausted.getRetries()).isZero();
    assertThat(runtime.createIncidentQuery().processInstanceId(instanceId).count())
        .as("an operator sees an incident")
        .isEqualTo(1);

    reset(registry); // the registry answers again; the operator retries the incident
    management.setJobRetries(lookUp.getId(), 1);
    management.executeJob(lookUp.getId());
    jobs.runDue(id);
    Answer issued = passengers.application(id, token);
    assertThat(issued.text("status")).as(String.valueOf(issued.body())).isEqualTo("ISSUED");
    assertThat(runtime.createIncidentQuery().processInstanceId(instanceId).count()).isZero();
  }

  /**
   * ADR 0010: an adult's registry lookup runs in the job after the liveness callback. An outage
   * rolls that whole job back: the passed face check is not committed either, the retry fetches the
   * stored verdict again (the passenger captures nothing again) and counts no attempt twice; the
   * incident waits at the fetch and names the lookup as its failing activity.
   */
  @Test
  void aRegistryOutageOnTheApplicantsLookup_retriesTheWholeJob_neverTheFaceCheck()
      throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("卫成", idNumber);
    doThrow(new PopulationRegistry.RegistryUnavailableException("registry down"))
        .when(registry)
        .lookUp(eq(idNumber), anyString());
    Answer submitted = passengers.submitAsGuest("卫成", idNumber);
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    Answer captured =
        passengers.postJson(
            "/api/v1/demo/liveness/" + submitted.body().path("liveness").path("sessionId").asText(),
            Map.of("outcome", "PASS", "livenessScore", 0.97, "faceMatchScore", 0.95));
    assertThat(captured.status()).isEqualTo(204);

    String instanceId =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
    Job fetch =
        management
            .createJobQuery()
            .processInstanceId(instanceId)
            .activityId("Task_FetchLivenessResult")
            .singleResult();
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThatThrownBy(() -> management.executeJob(fetch.getId()))
          .isInstanceOf(PopulationRegistry.RegistryUnavailableException.class);
      Answer meanwhile = passengers.application(id, token);
      assertThat(meanwhile.text("status")).as("attempt %s", attempt).isEqualTo("AWAITING_LIVENESS");
      assertThat(meanwhile.body().path("liveness").path("status").asText()).isEqualTo("PENDING");
      assertThat(meanwhile.body().path("liveness").path("attemptsLeft").asInt())
          .as("attempt %s: the face check is counted once", attempt)
          .isEqualTo(2);
      assertThat(meanwhile.text("certificateId")).isNull();
    }
    var incident = runtime.createIncidentQuery().processInstanceId(instanceId).singleResult();
    assertThat(incident).as("an operator sees an incident").isNotNull();
    assertThat(incident.getActivityId()).isEqualTo("Task_FetchLivenessResult");
    assertThat(incident.getFailedActivityId()).isEqualTo("Task_LookUpRegistry");

    reset(registry); // the registry answers again; the operator retries the incident
    management.setJobRetries(fetch.getId(), 1);
    management.executeJob(fetch.getId());
    Answer issued = passengers.application(id, token);
    assertThat(issued.text("status")).as(String.valueOf(issued.body())).isEqualTo("ISSUED");
    assertThat(issued.body().path("liveness").path("status").asText()).isEqualTo("PASSED");
    assertThat(issued.body().path("liveness").path("attemptsLeft").asInt()).isEqualTo(2);
    assertThat(runtime.createIncidentQuery().processInstanceId(instanceId).count()).isZero();
  }
}
