package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every decision made for an application is recorded with the table version that made it, and
 * reviewers and administrators can read it: after an analyst deploys a new version, "under which
 * rules was this case decided?" has an exact answer.
 */
@ApplicationTest
class DecisionRecordApiTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired RepositoryService repository;

  @Test
  void anIssuedApplication_recordsEachTableOnce_withTheDeployedVersion() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("吴一", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("吴一", idNumber);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    // the passenger polls: the quota shown is evaluated for display and is not a decision
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");

    JsonNode decisions = decisionsOf(id);
    assertThat(keys(decisions))
        .containsExactly("serviceArea", "eligibility", "quota", "identityAssurance", "approval");
    assertThat(outcomes(decisions))
        .containsExactly("served", "eligible", "ALLOW", "PASS", "APPROVE");
    for (JsonNode d : decisions) {
      assertThat(d.path("version").asInt())
          .as(d.toString())
          .isEqualTo(latestVersion(d.path("decision").asText()));
      assertThat(d.path("definitionId").asText()).startsWith(d.path("decision").asText() + ":");
      assertThat(d.path("decidedAt").asText()).isNotBlank();
      // the rule that decided: a FIRST-hit table names exactly one matched row
      assertThat(d.path("ruleIds")).as(d.toString()).hasSize(1);
    }
    assertThat(decisions.get(4).path("ruleIds").get(0).asText()).isEqualTo("Rule_Approval_Approve");
    assertThat(decisions.toString())
        .doesNotContain(idNumber)
        .doesNotContain("吴一")
        .doesNotContain("北京");
  }

  @Test
  void aRefusal_recordsTheTableThatRefused_andNothingAfterIt() throws Exception {
    Map<String, Object> body =
        new HashMap<>(Passengers.guestApplication("吴二", TestIdentities.randomIdNumber()));
    // Hong Kong: a resolved city outside the mainland, refused by the service-area table
    body.put("location", Map.of("latitude", 22.3193, "longitude", 114.1694));
    Http.Response refused = http.post("/api/v1/applications", body);
    assertThat(refused.status()).isEqualTo(422);

    JsonNode decisions = decisionsOf(refused.text("applicationId"));
    assertThat(keys(decisions)).containsExactly("serviceArea");
    assertThat(outcomes(decisions)).containsExactly("not_served");
    assertThat(decisions.get(0).path("ruleIds").get(0).asText())
        .as("the service-area row that refused")
        .isEqualTo("Rule_ServiceArea_NotMainland");
  }

  @Test
  void aNewTableVersion_isTheOneRecordedForTheNextApplication() throws Exception {
    int before = latestVersion("eligibility");
    String table =
        new String(
            repository
                .getDecisionModel(
                    repository
                        .createDecisionDefinitionQuery()
                        .decisionDefinitionKey("eligibility")
                        .withoutTenantId()
                        .latestVersion()
                        .singleResult()
                        .getId())
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    // the same rules, deployed again by an analyst (a changed file makes a new version)
    repository
        .createDeployment()
        .name("eligibility: analyst redeploy")
        .addString("eligibility.dmn", table + "\n<!-- redeployed -->")
        .deploy();
    assertThat(latestVersion("eligibility")).isEqualTo(before + 1);

    Passengers.Answer submitted = passengers.submitAsGuest("吴三", TestIdentities.randomIdNumber());
    JsonNode eligibility = decisionsOf(submitted.text("applicationId")).get(1);
    assertThat(eligibility.path("decision").asText()).isEqualTo("eligibility");
    assertThat(eligibility.path("version").asInt()).isEqualTo(before + 1);
  }

  /** Who may read and the required id are in {@code DecisionRequestContractTest}, a web slice. */
  @Test
  void anUnknownApplication_hasNoRecordedDecisions() throws Exception {
    Http.Response unknown =
        http.get("/api/v1/decisions?applicationId=unknown", "Authorization", DEMO_OPERATOR);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body()).isEmpty();
  }

  private JsonNode decisionsOf(String applicationId) throws Exception {
    Http.Response r =
        http.get(
            "/api/v1/decisions?applicationId=" + applicationId, "Authorization", DEMO_OPERATOR);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.body();
  }

  private int latestVersion(String key) {
    return repository
        .createDecisionDefinitionQuery()
        .decisionDefinitionKey(key)
        .withoutTenantId()
        .latestVersion()
        .singleResult()
        .getVersion();
  }

  private static List<String> keys(JsonNode decisions) {
    List<String> keys = new ArrayList<>();
    decisions.forEach(d -> keys.add(d.path("decision").asText()));
    return keys;
  }

  private static List<String> outcomes(JsonNode decisions) {
    List<String> outcomes = new ArrayList<>();
    decisions.forEach(d -> outcomes.add(d.path("outcome").asText()));
    return outcomes;
  }
}
