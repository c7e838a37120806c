package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.support.ApplicationStarts;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTestEnvironment;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.spring.boot.starter.webapp.filter.LazyInitRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 23, rolling upgrades with running instances, on PostgreSQL with job executors on, as in
 * production (docs/operations.md, "Releasing a change to a process"):
 *
 * <ul>
 *   <li>Release A issues certificates and leaves applications waiting for a face.
 *   <li>Release B changes both models (deployed as versions 2) and renames the expiry delegate
 *       {@code expireCertificateDelegate} to {@code expireCertificateStep}. Without the old name
 *       ("release C") it refuses to start on A's database, naming the version, the element and the
 *       bean, and leaves the instances untouched; with the old name kept as an alias it starts.
 *   <li>A and B run at once: A's waiting applications finish through B, A's certificates expire on
 *       either node, without a failed job or an incident.
 *   <li>A stops; the remaining certificates of version 1 are migrated to version 2 with the engine
 *       REST calls of the runbook, and then expire through the renamed delegate.
 * </ul>
 *
 * Three contexts on one database of the embedded server: A, the refused C, B.
 */
class RollingUpgradeOnPostgresTest {
  private static final String[] PROFILES = {"demo", "postgres"};
  private static final String OLD_BEAN = "expireCertificateDelegate";
  private static final String NEW_BEAN = "expireCertificateStep";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(90);

  private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ConfigurableApplicationContext::close);
  }

  /**
   * A later release on the same code: the expiry delegate's bean is renamed; {@code keepOldName}
   * keeps the old name as an alias (what the runbook asks for until no instance uses it).
   */
  private static ApplicationContextInitializer<ConfigurableApplicationContext> renamedDelegate(
      boolean keepOldName) {
    return context ->
        context.addBeanFactoryPostProcessor(
            (BeanFactoryPostProcessor)
                beanFactory -> {
                  BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
                  BeanDefinition expiry = registry.getBeanDefinition(OLD_BEAN);
                  registry.removeBeanDefinition(OLD_BEAN);
                  registry.registerBeanDefinition(NEW_BEAN, expiry);
                  if (keepOldName) {
                    registry.registerAlias(NEW_BEAN, OLD_BEAN);
                  }
                });
  }

  private ConfigurableApplicationContext start(
      String jdbcUrl, ApplicationContextInitializer<?>... release) {
    ConfigurableApplicationContext node =
        ApplicationStarts.run(
            PROFILES, new LinkedHashMap<>(PostgresTestEnvironment.properties(jdbcUrl)), release);
    nodes.add(node);
    return node;
  }

  private static String model(String file) throws Exception {
    try (InputStream in =
        RollingUpgradeOnPostgresTest.class
            .getClassLoader()
            .getResourceAsStream("processes/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  record Issued(String applicationId, String certificateId) {}

  private static Issued issue(HttpApi api) {
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("周八", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("周八", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    api.completeLiveness(submitted.body().path("liveness").path("sessionId").asText(), "PASS");
    return new Issued(
        id, api.awaitStatus(id, token, ISSUE_TIMEOUT, "ISSUED").text("certificateId"));
  }

  record Waiting(String applicationId, String token, String sessionId) {}

  private static Waiting waitingForFace(HttpApi api) {
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("吴九", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("吴九", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    return new Waiting(
        submitted.text("applicationId"),
        submitted.text("applicantToken"),
        submitted.body().path("liveness").path("sessionId").asText());
  }

  private static ProcessInstance lifecycle(RuntimeService runtime, String certificateId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
        .processInstanceBusinessKey(certificateId)
        .singleResult();
  }

  private static Instant expiresAt(RuntimeService runtime, String certificateId) {
    Date at =
        (Date)
            runtime.getVariable(
                lifecycle(runtime, certificateId).getId(), CertificateLifecycle.EXPIRES_AT);
    return at.toInstant();
  }

  private static String host(ConfigurableApplicationContext node) {
    return ((ProcessEngineConfigurationImpl)
            node.getBean(ProcessEngine.class).getProcessEngineConfiguration())
        .getHostname();
  }

  @Test
  void
      aRenamedDelegateRefusesToStart_anAliasServesTheOldInstances_twoReleasesShareTheWork_andTheMigrationMovesTheRest()
          throws Exception {
    String jdbcUrl =
        EmbeddedPostgresServer.get()
            .createDatabase("upgrade_" + UUID.randomUUID().toString().substring(0, 8));

    // ---- release A: certificates at T0 and T0+2h, applications waiting for a face
    ConfigurableApplicationContext a = start(jdbcUrl);
    HttpApi apiA = new HttpApi(ApplicationStarts.port(a));
    RuntimeService runtime = a.getBean(RuntimeService.class);
    RepositoryService repository = a.getBean(RepositoryService.class);
    List<Issued> early = List.of(issue(apiA), issue(apiA));
    apiA.advanceClock(Duration.ofHours(2));
    List<Issued> late = List.of(issue(apiA), issue(apiA));
    List<Waiting> waiting = List.of(waitingForFace(apiA), waitingForFace(apiA));
    ProcessDefinition certificateV1 =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
            .singleResult();
    assertThat(certificateV1.getVersion()).isEqualTo(1);
    for (Issued i : early) {
      assertThat(lifecycle(runtime, i.certificateId()).getProcessDefinitionId())
          .isEqualTo(certificateV1.getId());
    }

    // ---- release B's models: both changed, the expiry delegate renamed (versions 2)
    String certificateB = model("temporary-id-certificate.bpmn");
    assertThat(certificateB).contains("${" + OLD_BEAN + "}");
    certificateB = certificateB.replace("${" + OLD_BEAN + "}", "${" + NEW_BEAN + "}");
    String applicationB =
        model("temporary-id-application.bpmn")
            .replace(
                "name=\"Temporary ID application (临时乘车身份证明申请)\"",
                "name=\"Temporary ID application (临时乘车身份证明申请), release B\"");
    repository
        .createDeployment()
        .name("temporary-id-release-b")
        .addString("processes/temporary-id-certificate.bpmn", certificateB)
        .addString("processes/temporary-id-application.bpmn", applicationB)
        .deploy();
    ProcessDefinition certificateV2 =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
            .latestVersion()
            .singleResult();
    assertThat(certificateV2.getVersion()).isEqualTo(2);
    assertThat(
            repository
                .createProcessDefinitionQuery()
                .processDefinitionKey(ApplicationJourney.PROCESS_KEY)
                .latestVersion()
                .singleResult()
                .getVersion())
        .isEqualTo(2);

    // ---- release C: the rename without the old name refuses to start, naming what is missing
    assertThatThrownBy(() -> start(jdbcUrl, renamedDelegate(false)))
        .satisfies(
            e -> {
              StringBuilder messages = new StringBuilder();
              for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
              }
              assertThat(messages.toString())
                  .contains(
                      "process 'temporary-id-certificate' version 1 (4 running instance(s)),"
                          + " element 'Task_ExpireCertificate': bean 'expireCertificateDelegate'"
                          + " is not defined in this release")
                  // version 2 uses the new name, which C has; the application journey resolves
                  .doesNotContain("version 2")
                  .doesNotContain("temporary-id-application");
            });
    forgetFailedStart();
    assertThat(
            runtime.createProcessInstanceQuery().processDefinitionId(certificateV1.getId()).count())
        .as("the refused start left A's certificates as they were")
        .isEqualTo(4);
    assertThat(runtime.createIncidentQuery().count()).isZero();

    // ---- release B: the old name kept as an alias; A and B run at once
    ConfigurableApplicationContext b = start(jdbcUrl, renamedDelegate(true));
    assertThat(b.containsBean(OLD_BEAN)).isTrue();
    assertThat(a.containsBean(NEW_BEAN)).isFalse();
    HttpApi apiB = new HttpApi(ApplicationStarts.port(b));
    RuntimeService runtimeB = b.getBean(RuntimeService.class);
    HistoryService history = b.getBean(HistoryService.class);
    // one time on both nodes (the engine's clock is JVM-wide in a test: the last node's)
    apiB.setClock(apiA.clockNow());

    // A's waiting applications (version 1) finish through B; their certificates start on version 2
    for (Waiting w : waiting) {
      apiB.completeLiveness(w.sessionId(), "PASS");
    }
    List<String> newCertificates = new ArrayList<>();
    for (Waiting w : waiting) {
      newCertificates.add(
          apiB.awaitStatus(w.applicationId(), w.token(), ISSUE_TIMEOUT, "ISSUED")
              .text("certificateId"));
    }
    for (String id : newCertificates) {
      assertThat(lifecycle(runtimeB, id).getProcessDefinitionId()).isEqualTo(certificateV2.getId());
    }

    // the early certificates expire while both nodes run: on either node, none fails
    Instant earlyExpiry =
        early.stream()
            .map(i -> expiresAt(runtimeB, i.certificateId()))
            .max(Instant::compareTo)
            .orElseThrow();
    Instant moved = earlyExpiry.plusSeconds(60);
    apiA.setClock(moved);
    apiB.setClock(moved);
    Set<String> earlyIds = early.stream().map(Issued::certificateId).collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> earlyIds.stream().allMatch(id -> lifecycle(runtimeB, id) == null));
    for (String id : earlyIds) {
      assertThat(
              history
                  .createHistoricActivityInstanceQuery()
                  .processInstanceId(
                      history
                          .createHistoricProcessInstanceQuery()
                          .processInstanceBusinessKey(id)
                          .singleResult()
                          .getId())
                  .activityId("EndEvent_CertificateExpired")
                  .count())
          .as("certificate %s ended by expiring", id)
          .isEqualTo(1);
    }
    List<HistoricJobLog> jobs = history.createHistoricJobLogQuery().list();
    assertThat(jobs.stream().filter(HistoricJobLog::isFailureLog).toList())
        .as("no job failed on either release")
        .isEmpty();
    assertThat(runtimeB.createIncidentQuery().count()).isZero();
    Set<String> hosts = Set.of(host(a), host(b));
    assertThat(jobs)
        .filteredOn(HistoricJobLog::isSuccessLog)
        .allSatisfy(j -> assertThat(j.getHostname()).isIn(hosts));
    System.out.println(
        "upgrade: jobs run per node "
            + jobs.stream()
                .filter(HistoricJobLog::isSuccessLog)
                .collect(
                    Collectors.groupingBy(
                        j -> j.getHostname().equals(host(a)) ? "A" : "B", Collectors.counting())));

    // ---- A stops; the late certificates (version 1) move to version 2 with the runbook's calls
    a.close();
    List<String> lateIds = late.stream().map(Issued::certificateId).toList();
    for (String id : lateIds) {
      assertThat(lifecycle(runtimeB, id).getProcessDefinitionId()).isEqualTo(certificateV1.getId());
    }
    EngineRest rest =
        new EngineRest(ApplicationStarts.port(b), b.getBean(ProcessEngine.class).getName());
    ObjectNode generate = JSON.createObjectNode();
    generate.put("sourceProcessDefinitionId", certificateV1.getId());
    generate.put("targetProcessDefinitionId", certificateV2.getId());
    generate.put("updateEventTriggers", false);
    HttpResponse<String> plan = rest.post("/migration/generate", generate);
    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
    JsonNode migrationPlan = JSON.readTree(plan.body());

    HttpResponse<String> validation = rest.post("/migration/validate", migrationPlan);
    assertThat(validation.statusCode()).as(validation.body()).isEqualTo(200);
    assertThat(JSON.readTree(validation.body()).path("instructionReports").size())
        .as(validation.body())
        .isZero();

    ObjectNode execute = JSON.createObjectNode();
    execute.set("migrationPlan", migrationPlan);
    execute.putObject("processInstanceQuery").put("processDefinitionId", certificateV1.getId());
    HttpResponse<String> executed = rest.post("/migration/execute", execute);
    assertThat(executed.statusCode()).as(executed.body()).isEqualTo(204);

    for (String id : lateIds) {
      assertThat(lifecycle(runtimeB, id).getProcessDefinitionId())
          .as("migrated to the newest version")
          .isEqualTo(certificateV2.getId());
    }
    assertThat(
            runtimeB
                .createProcessInstanceQuery()
                .processDefinitionId(certificateV1.getId())
                .count())
        .isZero();

    // ... and expire there, through the renamed delegate
    Instant lateExpiry =
        lateIds.stream().map(id -> expiresAt(runtimeB, id)).max(Instant::compareTo).orElseThrow();
    apiB.setClock(lateExpiry.plusSeconds(60));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> lateIds.stream().allMatch(id -> lifecycle(runtimeB, id) == null));
    for (String id : lateIds) {
      String instanceId =
          history
              .createHistoricProcessInstanceQuery()
              .processInstanceBusinessKey(id)
              .singleResult()
              .getId();
      assertThat(
              history
                  .createHistoricActivityInstanceQuery()
                  .processInstanceId(instanceId)
                  .activityId("EndEvent_CertificateExpired")
                  .count())
          .isEqualTo(1);
    }
    assertThat(runtimeB.createIncidentQuery().count()).isZero();
    assertThat(history.createHistoricJobLogQuery().failureLog().count())
        .as("no job failed")
        .isZero();
  }

  /**
   * Camunda's web apps keep the last started context in a static field that a context clears when
   * it closes; a start that failed never closes, and the next start in this JVM would reach into
   * the dead context. One JVM runs one context in production: this is the test JVM's concern.
   */
  private static void forgetFailedStart() throws Exception {
    Field last = LazyInitRegistration.class.getDeclaredField("APPLICATION_CONTEXT");
    last.setAccessible(true);
    last.set(null, null);
  }

  /** Camunda's REST API as the runbook calls it, with the demo administrator's login. */
  private record EngineRest(int port, String engineName) {
    HttpResponse<String> post(String path, JsonNode body) throws Exception {
      // a test JVM runs several engines, each under its own name; in production the one engine
      // is "default" and the runbook's paths (/engine-rest/migration/...) reach it
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + port + "/engine-rest/engine/" + engineName + path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
