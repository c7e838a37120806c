package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, upgrades (ADR 0010): the release that folded the registry lookup, the decision and the
 * issue into the job after the liveness callback meets applications of the version before, waiting
 * in a job that the newest version no longer has. They finish on their own version; the migration
 * command reports them and leaves them there instead of failing the whole version. The newest
 * version deployed at the end is the release's model under another name, so the rest of the suite
 * runs on it unchanged.
 */
class RemovedContinuationUpgradeTest extends ProcessTestSupport {
  private static final String LOOK_UP_REGISTRY =
      "<bpmn:serviceTask id=\"Task_LookUpRegistry\" name=\"Look up population registry (查询人口信息)\" ";
  private static final String PROCESS_NAME = "name=\"Temporary ID application (临时乘车身份证明申请)\"";

  @Test
  void anApplicationWaitingInARemovedJob_isNotMigrated_andFinishesOnItsOwnVersion()
      throws Exception {
    String release = model();
    // the version before: the registry lookup waited in a job of its own
    String before =
        renamed(
            release.replace(LOOK_UP_REGISTRY, LOOK_UP_REGISTRY + "camunda:asyncBefore=\"true\" "));
    assertThat(before)
        .contains(
            "camunda:asyncBefore=\"true\" camunda:delegateExpression=\"${lookUpRegistryDelegate}\"");
    ProcessDefinition previous = deploy(before);
    Journey journey = applyAsRegisteredPerson("秦十七");
    assertThat(journey.process().getProcessDefinitionId()).isEqualTo(previous.getId());
    captureWithoutRunningJobs(journey.sessionId(), "PASS", null, null);
    management.executeJob(job("Task_FetchLivenessResult", journey.process()).getId());
    assertThat(journey.process()).isWaitingAt("Task_LookUpRegistry");

    // the release: its model becomes the newest version
    ProcessDefinition newest = deploy(renamed(release));
    assertThat(newest.getVersion()).isGreaterThan(previous.getVersion());

    Passengers.Answer dryRun =
        passengers.postJson(
            "/api/v1/operator/migrations",
            Map.of("processKey", PROCESS_KEY),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(dryRun.status()).as("%s", dryRun.body()).isEqualTo(200);
    JsonNode reported = versionReport(dryRun.body(), previous.getVersion());
    assertThat(reported.path("valid").asBoolean()).as("%s", reported).isFalse();
    assertThat(reported.path("problems").toString())
        .contains("1 instance(s) wait in a job before 'Task_LookUpRegistry'")
        .contains("version " + newest.getVersion() + " runs without one")
        .contains("stay on version " + previous.getVersion());

    Passengers.Answer realRun =
        passengers.postJson(
            "/api/v1/operator/migrations",
            Map.of("processKey", PROCESS_KEY, "dryRun", false),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(realRun.status()).as("%s", realRun.body()).isEqualTo(200);
    JsonNode refused = versionReport(realRun.body(), previous.getVersion());
    assertThat(refused.path("migrated").asLong())
        .as("the other instances of the version move; this one stays")
        .isEqualTo(refused.path("instances").asLong() - 1);
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(journey.process().getId())
                .singleResult()
                .getProcessDefinitionId())
        .isEqualTo(previous.getId());

    // its own version's jobs still run: the lookup, then (in that job) the decision and the issue
    jobs.runDue(journey.applicationId());
    assertThat(journey.process()).isEnded().hasPassed("EndEvent_CertificateIssued");
    assertThat(view(journey).path("status").asText()).isEqualTo("ISSUED");
  }

  private String model() throws Exception {
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("processes/temporary-id-application.bpmn")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String renamed(String xml) {
    String renamed =
        xml.replace(
            PROCESS_NAME,
            PROCESS_NAME.substring(0, PROCESS_NAME.length() - 1) + " " + UUID.randomUUID() + "\"");
    assertThat(renamed).isNotEqualTo(xml);
    return renamed;
  }

  private ProcessDefinition deploy(String xml) {
    String deployment =
        repository
            .createDeployment()
            .name("removed-continuation-upgrade-test")
            .addString("temporary-id-application.bpmn", xml)
            .deploy()
            .getId();
    return repository.createProcessDefinitionQuery().deploymentId(deployment).singleResult();
  }

  private static JsonNode versionReport(JsonNode report, int version) {
    for (JsonNode v : report.path("versions")) {
      if (v.path("version").asInt() == version) {
        return v;
      }
    }
    throw new AssertionError("no report of version " + version + " in " + report);
  }
}
