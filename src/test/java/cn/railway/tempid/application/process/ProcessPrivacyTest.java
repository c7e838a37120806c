package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import cn.railway.tempid.support.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.junit.jupiter.api.Test;

/**
 * Personal data never becomes process data: the engine's variables, variable history and decision
 * history of a whole journey hold no name, ID number, score or location.
 */
class ProcessPrivacyTest extends ProcessTestSupport {
  static final Set<String> ALLOWED_VARIABLES =
      Set.of(
          "applicationId",
          "refusalCode",
          // the eligibility table's routing output (a guardian's face check is needed), no age
          "guardianRequired",
          "livenessOutcome",
          "livenessAttemptsLeft",
          "approvalDecision",
          "approvalReasonCode",
          "reviewDueDate",
          "reviewDecision",
          // a rejecting reviewer's reason: a refusal code
          "reviewReasonCode",
          // a child's application (PIPL art. 31): a status code and the guardian session's end
          "guardianLivenessOutcome",
          "guardianLivenessDueAt",
          // the guardian in the population registry: VERIFIED or NOT_VERIFIED, no answer, no flags
          "guardianRegistryOutcome");

  @Test
  void shouldKeepNameIdNumberScoresAndCityOutOfProcessVariables_forWholeJourney() throws Exception {
    String name = "欧阳明月";
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Journey journey = apply(name, idNumber);
    // a failed attempt, a retry, a borderline face match (manual review), then approval
    capture(journey, journey.sessionId(), "FAIL", 0.31, 0.52);
    capture(journey, requestNewAttempt(journey).text("sessionId"), "PASS", 0.97, 0.71);
    assertThat(journey.process())
        .isWaitingAt("UserTask_ReviewApplication")
        .hasBusinessKey(journey.applicationId());
    List<String> forbidden =
        List.of(
            name,
            idNumber,
            idNumber.substring(0, 6),
            idNumber.substring(6, 14),
            "0.97",
            "0.71",
            "0.31",
            "0.52",
            "北京",
            "Beijing",
            "39.90",
            "116.40");

    List<VariableInstance> running =
        runtime.createVariableInstanceQuery().processInstanceIdIn(journey.process().getId()).list();
    assertThat(running).isNotEmpty();
    assertNoPersonalData(
        names(running, VariableInstance::getName),
        values(running, VariableInstance::getValue),
        forbidden);
    assertThat(runtime.getVariables(journey.process().getId()))
        .containsEntry("applicationId", journey.applicationId());

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

    String instanceId = journey.process().getId();
    assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(instanceId).count())
        .isZero();
    List<HistoricVariableInstance> historic =
        history.createHistoricVariableInstanceQuery().processInstanceId(instanceId).list();
    assertThat(names(historic, HistoricVariableInstance::getName))
        .contains("applicationId", "livenessOutcome", "approvalDecision", "reviewDecision");
    assertNoPersonalData(
        names(historic, HistoricVariableInstance::getName),
        values(historic, HistoricVariableInstance::getValue),
        forbidden);

    List<HistoricDetail> updates =
        history.createHistoricDetailQuery().processInstanceId(instanceId).variableUpdates().list();
    List<HistoricVariableUpdate> variableUpdates =
        updates.stream().map(HistoricVariableUpdate.class::cast).toList();
    assertNoPersonalData(
        names(variableUpdates, HistoricVariableUpdate::getVariableName),
        values(variableUpdates, HistoricVariableUpdate::getValue),
        forbidden);

    assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(instanceId).count())
        .as("no decision history with the table inputs")
        .isZero();
    assertThat(historicInstance(journey.applicationId()).getBusinessKey())
        .isEqualTo(journey.applicationId());
  }

  private static void assertNoPersonalData(
      List<String> names, List<String> values, List<String> forbidden) {
    assertThat(names)
        .allMatch(
            ALLOWED_VARIABLES::contains,
            "only the documented non-personal variables " + ALLOWED_VARIABLES);
    for (String value : values) {
      for (String personal : forbidden) {
        assertThat(value).as("process variable value").doesNotContain(personal);
      }
    }
  }

  private static <T> List<String> names(List<T> items, java.util.function.Function<T, String> f) {
    return items.stream().map(f).toList();
  }

  private static <T> List<String> values(List<T> items, java.util.function.Function<T, Object> f) {
    List<String> values = new ArrayList<>();
    items.forEach(i -> values.add(String.valueOf(f.apply(i))));
    return values;
  }
}
