package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 23: {@code POST /api/v1/operator/migrations} moves running instances of older versions to
 * the newest one; a dry run (the default) only reports (administrators only: {@code
 * ProcessMigrationRequestContractTest}, a web slice). The new version deployed here differs from
 * the release's model in its name only, so the rest of the suite runs on it unchanged.
 */
@ApplicationTest
class ProcessMigrationApiTest {
  @Autowired Http http;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  private ProcessDefinition deployNewCertificateVersion() throws Exception {
    String xml;
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("processes/temporary-id-certificate.bpmn")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String renamed =
        xml.replace(
            "name=\"Temporary ID certificate (临时乘车身份证明)\"",
            "name=\"Temporary ID certificate (临时乘车身份证明) " + UUID.randomUUID() + "\"");
    assertThat(renamed).isNotEqualTo(xml);
    repository
        .createDeployment()
        .name("migration-api-test")
        .addString("temporary-id-certificate.bpmn", renamed)
        .deploy();
    return repository
        .createProcessDefinitionQuery()
        .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
        .latestVersion()
        .singleResult();
  }

  private ProcessInstance startOn(ProcessDefinition definition) {
    String certificateId = UUID.randomUUID().toString();
    Instant far = Instant.now().plusSeconds(365L * 24 * 3600);
    return runtime.startProcessInstanceById(
        definition.getId(),
        certificateId,
        Map.of(
            CertificateLifecycle.CERTIFICATE_ID,
            certificateId,
            CertificateLifecycle.RENEWAL_OPENS_AT,
            Date.from(far),
            CertificateLifecycle.EXPIRES_AT,
            Date.from(far.plusSeconds(3600))));
  }

  private String definitionOf(ProcessInstance instance) {
    return runtime
        .createProcessInstanceQuery()
        .processInstanceId(instance.getId())
        .singleResult()
        .getProcessDefinitionId();
  }

  @Test
  void aDryRunReports_aRealRunMovesTheInstancesToTheNewestVersion() throws Exception {
    ProcessDefinition old =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
            .latestVersion()
            .singleResult();
    ProcessInstance instance = startOn(old);
    ProcessDefinition newest = deployNewCertificateVersion();
    assertThat(newest.getVersion()).isGreaterThan(old.getVersion());
    try {
      Map<String, Object> dryRun = Map.of("processKey", CertificateLifecycle.PROCESS_KEY);

      // who may migrate, and a process key that is not ours: ProcessMigrationRequestContractTest

      // dry run (the default): reported as valid, nothing moved
      Http.Response report =
          http.post("/api/v1/operator/migrations", dryRun, "Authorization", Http.DEMO_OPERATOR);
      assertThat(report.status()).as("%s", report).isEqualTo(200);
      assertThat(report.body().path("dryRun").asBoolean()).isTrue();
      assertThat(report.body().path("targetVersion").asInt()).isEqualTo(newest.getVersion());
      JsonNode version = versionReport(report.body(), old.getVersion());
      assertThat(version.path("instances").asLong()).isPositive();
      assertThat(version.path("valid").asBoolean()).as("%s", version).isTrue();
      assertThat(version.path("migrated").asLong()).isZero();
      assertThat(definitionOf(instance)).isEqualTo(old.getId());

      // the real run: the instance is on the newest version, still waiting at its timer
      Http.Response done =
          http.post(
              "/api/v1/operator/migrations",
              Map.of("processKey", CertificateLifecycle.PROCESS_KEY, "dryRun", false),
              "Authorization",
              Http.DEMO_OPERATOR);
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      JsonNode migrated = versionReport(done.body(), old.getVersion());
      assertThat(migrated.path("migrated").asLong()).isEqualTo(migrated.path("instances").asLong());
      assertThat(definitionOf(instance)).isEqualTo(newest.getId());
      assertThat(runtime.createProcessInstanceQuery().processDefinitionId(old.getId()).count())
          .isZero();
      assertThat(
              runtime
                  .createProcessInstanceQuery()
                  .processInstanceId(instance.getId())
                  .activityIdIn("Event_RenewalWindowOpens")
                  .count())
          .isEqualTo(1);
    } finally {
      runtime.deleteProcessInstance(instance.getId(), "test over", true, true);
    }
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
