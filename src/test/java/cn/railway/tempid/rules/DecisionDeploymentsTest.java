package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.ModelerDeployment;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every deployed version of a decision table names who deployed it, when, from where, and the
 * replay of the same XML if one ran; an analyst rolls a table back to an earlier version, which is
 * deployed again as a new version through the gate and recorded like any deployment. The tests
 * change the release's quota table (its monthly limit) and remove their versions afterwards.
 */
@ApplicationTest
class DecisionDeploymentsTest {
  @LocalServerPort int port;
  @Autowired Http http;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aModelerDeployment_namesItsAuthorAndSource_andTheReplayOfTheSameXml() throws Exception {
    int before = latestVersion();
    String candidate = DecisionReplayTest.quotaWithMonthlyLimit(4);
    try {
      Http.Response replayed =
          http.perform(
              post("/api/v1/decisions/quota/replay")
                  .contentType("application/xml")
                  .content(candidate.getBytes(StandardCharsets.UTF_8)),
              "Authorization",
              DEMO_OPERATOR);
      assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);

      HttpResponse<String> deployed = deployThroughEngineRest("quota.dmn", candidate);
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

      List<JsonNode> versions = versionsOf("quota", deployments(DEMO_OPERATOR));
      JsonNode newest = versions.get(0);
      assertThat(newest.path("version").asInt()).isEqualTo(before + 1);
      assertThat(newest.path("deployedBy").asText()).isEqualTo("demo");
      assertThat(newest.path("source").asText()).isEqualTo("Camunda Modeler");
      assertThat(newest.path("deployedAt").asText()).isNotBlank();
      assertThat(newest.path("replay").path("decisionKey").asText()).isEqualTo("quota");
      assertThat(newest.path("replay").has("unchanged")).isTrue();
      // the release's own version is listed below it, by the release, never replayed
      assertThat(versions.subList(1, versions.size()))
          .anySatisfy(
              released -> {
                assertThat(released.path("deployedBy").asText()).isEqualTo("release");
                assertThat(released.path("replay").isNull()).as("never replayed").isTrue();
              });
    } finally {
      deleteVersionsAfter(before);
    }
  }

  @Test
  void theReleasesTables_areListed_asDeployedByTheRelease() throws Exception {
    JsonNode all = deployments(DEMO_OPERATOR);
    assertThat(versionsOf("approval", all))
        .anySatisfy(v -> assertThat(v.path("deployedBy").asText()).isEqualTo("release"));
    // who may read it: DecisionChangeRequestContractTest, a web slice
  }

  @Test
  void aRollback_deploysTheOldXmlAsANewVersion_byTheAnalyst() throws Exception {
    int before = latestVersion();
    try {
      String first = DecisionReplayTest.quotaWithMonthlyLimit(4);
      repository.createDeployment().addString("quota.dmn", first).deploy();
      repository
          .createDeployment()
          .addString("quota.dmn", DecisionReplayTest.quotaWithMonthlyLimit(6))
          .deploy();
      int target = before + 1;

      Http.Response r = rollback("quota", "{\"toVersion\":" + target + "}", DEMO_OPERATOR);
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      assertThat(r.body().path("decisionKey").asText()).isEqualTo("quota");
      assertThat(r.body().path("version").asInt()).isEqualTo(before + 3);
      String latest =
          repository
              .createDecisionDefinitionQuery()
              .decisionDefinitionKey("quota")
              .latestVersion()
              .singleResult()
              .getId();
      assertThat(
              new String(
                  repository.getDecisionModel(latest).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(first);

      JsonNode newest = versionsOf("quota", deployments(DEMO_OPERATOR)).get(0);
      assertThat(newest.path("version").asInt()).isEqualTo(before + 3);
      assertThat(newest.path("deployedBy").asText()).isEqualTo("demo");
      assertThat(newest.path("source").asText()).isEqualTo("rollback to version " + target);

      assertProblem(rollback("quota", "{\"toVersion\":9999}", DEMO_OPERATOR), 404, "NOT_FOUND");
      assertProblem(
          rollback(
              "noSuchDecision" + UUID.randomUUID().toString().substring(0, 8),
              "{\"toVersion\":1}",
              DEMO_OPERATOR),
          404,
          "NOT_FOUND");
      // a rollback without a version, and who may roll back: DecisionChangeRequestContractTest
    } finally {
      deleteVersionsAfter(before);
    }
  }

  @Test
  void anOldVersionThatNoLongerPassesTheGate_isNotRolledBackTo() throws Exception {
    int before = latestVersion();
    try {
      String passing = DecisionReplayTest.quotaWithMonthlyLimit(4);
      Deployment old = repository.createDeployment().addString("quota.dmn", passing).deploy();
      // the stored file as an older gate let it through: a JUEL cell
      String cell = "<inputEntry id=\"Rule_Quota_QuotaExceeded_InUsedThisMonth\"";
      assertThat(passing).contains(cell);
      jdbc.update(
          "update act_ge_bytearray set bytes_ = ? where deployment_id_ = ? and name_ = ?",
          passing
              .replace(cell, cell + " expressionLanguage=\"juel\"")
              .getBytes(StandardCharsets.UTF_8),
          old.getId(),
          "quota.dmn");

      JsonNode problem =
          assertProblem(
              rollback("quota", "{\"toVersion\":" + (before + 1) + "}", DEMO_OPERATOR),
              422,
              "RULE_GATE_FAILED");
      assertThat(problem.path("errors").toString()).contains("juel");
      assertThat(latestVersion()).as("nothing deployed").isEqualTo(before + 1);
    } finally {
      deleteVersionsAfter(before);
    }
  }

  private Http.Response rollback(String key, String body, String authorization) throws Exception {
    return http.perform(
        post("/api/v1/decisions/" + key + "/rollback")
            .contentType("application/json")
            .content(body),
        "Authorization",
        authorization);
  }

  private JsonNode deployments(String authorization) throws Exception {
    Http.Response r = http.get("/api/v1/decisions/deployments", "Authorization", authorization);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.body();
  }

  private static List<JsonNode> versionsOf(String key, JsonNode all) {
    List<JsonNode> versions = new ArrayList<>();
    all.forEach(
        v -> {
          if (key.equals(v.path("decisionKey").asText())) {
            versions.add(v);
          }
        });
    return versions;
  }

  private int latestVersion() {
    return repository
        .createDecisionDefinitionQuery()
        .decisionDefinitionKey("quota")
        .withoutTenantId()
        .latestVersion()
        .singleResult()
        .getVersion();
  }

  /** Removes the quota versions a test deployed: the release's table decides again. */
  private void deleteVersionsAfter(int version) {
    repository.createDecisionDefinitionQuery().decisionDefinitionKey("quota").list().stream()
        .filter(d -> d.getVersion() > version)
        .map(d -> d.getDeploymentId())
        .distinct()
        .forEach(id -> repository.deleteDeployment(id, true));
  }

  /** As Camunda Modeler deploys: multipart to the engine's REST API, with a deployment source. */
  private HttpResponse<String> deployThroughEngineRest(String fileName, String xml)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            ModelerDeployment.request(port, DEMO_OPERATOR, "audit probe", Map.of(fileName, xml))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
