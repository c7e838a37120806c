package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * deployed again as a new version through the gate and recorded like any deployment.
 */
@ApplicationTest
class DecisionDeploymentsTest {
  @LocalServerPort int port;
  @Autowired Http http;
  @Autowired Operators operators;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aModelerDeployment_namesItsAuthorAndSource_andTheReplayOfTheSameXml() throws Exception {
    String key = probeKey();
    try {
      String candidate = DecisionReplayTest.table(key, 10, "");
      // released first (no user): 'release'
      repository
          .createDeployment()
          .addString(key + ".dmn", DecisionReplayTest.table(key, 5, ""))
          .deploy();
      Http.Response replayed =
          http.perform(
              post("/api/v1/decisions/" + key + "/replay")
                  .contentType("application/xml")
                  .content(candidate.getBytes(StandardCharsets.UTF_8)),
              "Authorization",
              DEMO_OPERATOR);
      assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);

      HttpResponse<String> deployed = deployThroughEngineRest(key + ".dmn", candidate);
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

      List<JsonNode> versions = versionsOf(key, deployments(DEMO_OPERATOR));
      assertThat(versions).hasSize(2);
      JsonNode newest = versions.get(0);
      assertThat(newest.path("version").asInt()).isEqualTo(2);
      assertThat(newest.path("deployedBy").asText()).isEqualTo("demo");
      assertThat(newest.path("source").asText()).isEqualTo("Camunda Modeler");
      assertThat(newest.path("deployedAt").asText()).isNotBlank();
      assertThat(newest.path("replay").path("decisionKey").asText()).isEqualTo(key);
      assertThat(newest.path("replay").has("unchanged")).isTrue();
      JsonNode released = versions.get(1);
      assertThat(released.path("version").asInt()).isEqualTo(1);
      assertThat(released.path("deployedBy").asText()).isEqualTo("release");
      assertThat(released.path("replay").isNull()).as("never replayed").isTrue();
    } finally {
      deleteDeploymentsOf(key);
    }
  }

  @Test
  void theReleasesTables_areListed_asDeployedByTheRelease() throws Exception {
    JsonNode all = deployments(DEMO_OPERATOR);
    assertThat(versionsOf("approval", all))
        .anySatisfy(v -> assertThat(v.path("deployedBy").asText()).isEqualTo("release"));
    // reviewers and administrators read it too; a user in no staff group does not
    assertProblem(
        http.get(
            "/api/v1/decisions/deployments",
            "Authorization",
            Http.basic(operators.newUser(), Operators.PASSWORD)),
        403,
        "FORBIDDEN");
    assertProblem(http.get("/api/v1/decisions/deployments"), 401, "UNAUTHENTICATED");
  }

  @Test
  void aRollback_deploysTheOldXmlAsANewVersion_byTheAnalyst() throws Exception {
    String key = probeKey();
    try {
      String first = DecisionReplayTest.table(key, 5, "");
      repository.createDeployment().addString(key + ".dmn", first).deploy();
      repository
          .createDeployment()
          .addString(key + ".dmn", DecisionReplayTest.table(key, 50, ""))
          .deploy();

      Http.Response r = rollback(key, "{\"toVersion\":1}", DEMO_OPERATOR);
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      assertThat(r.body().path("decisionKey").asText()).isEqualTo(key);
      assertThat(r.body().path("version").asInt()).isEqualTo(3);
      String latest =
          repository
              .createDecisionDefinitionQuery()
              .decisionDefinitionKey(key)
              .latestVersion()
              .singleResult()
              .getId();
      assertThat(
              new String(
                  repository.getDecisionModel(latest).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(first);

      JsonNode newest = versionsOf(key, deployments(DEMO_OPERATOR)).get(0);
      assertThat(newest.path("version").asInt()).isEqualTo(3);
      assertThat(newest.path("deployedBy").asText()).isEqualTo("demo");
      assertThat(newest.path("source").asText()).isEqualTo("rollback to version 1");

      assertProblem(rollback(key, "{\"toVersion\":9}", DEMO_OPERATOR), 404, "NOT_FOUND");
      assertProblem(rollback(probeKey(), "{\"toVersion\":1}", DEMO_OPERATOR), 404, "NOT_FOUND");
      assertProblem(rollback(key, "{}", DEMO_OPERATOR), 400, "VALIDATION_FAILED");
      assertProblem(
          rollback(key, "{\"toVersion\":1}", Http.basic(operators.newUser(), Operators.PASSWORD)),
          403,
          "FORBIDDEN");
    } finally {
      deleteDeploymentsOf(key);
    }
  }

  @Test
  void anOldVersionThatNoLongerPassesTheGate_isNotRolledBackTo() throws Exception {
    String key = probeKey();
    try {
      Deployment old =
          repository
              .createDeployment()
              .addString(key + ".dmn", DecisionReplayTest.table(key, 5, ""))
              .deploy();
      // the stored file as an older gate let it through: a JUEL cell
      jdbc.update(
          "update act_ge_bytearray set bytes_ = ? where deployment_id_ = ? and name_ = ?",
          DecisionReplayTest.table(key, 5, "expressionLanguage=\"juel\"")
              .getBytes(StandardCharsets.UTF_8),
          old.getId(),
          key + ".dmn");

      JsonNode problem =
          assertProblem(rollback(key, "{\"toVersion\":1}", DEMO_OPERATOR), 422, "RULE_GATE_FAILED");
      assertThat(problem.path("errors").toString()).contains("juel");
      assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count())
          .as("nothing deployed")
          .isEqualTo(1);
    } finally {
      deleteDeploymentsOf(key);
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

  private void deleteDeploymentsOf(String key) {
    repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).list().stream()
        .map(d -> d.getDeploymentId())
        .distinct()
        .forEach(id -> repository.deleteDeployment(id, true));
  }

  private static String probeKey() {
    return "auditProbe" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** As Camunda Modeler deploys: multipart to the engine's REST API, with a deployment source. */
  private HttpResponse<String> deployThroughEngineRest(String fileName, String xml)
      throws Exception {
    String boundary = "----tempid" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> part :
        Map.of("deployment-name", "audit probe", "deployment-source", "Camunda Modeler")
            .entrySet()) {
      body.writeBytes(
          ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                  .formatted(boundary, part.getKey(), part.getValue()))
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    .formatted(boundary, fileName, fileName)
                + "Content-Type: application/octet-stream\r\n\r\n"
                + xml
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/engine-rest/deployment/create"))
                .header("Authorization", DEMO_OPERATOR)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
