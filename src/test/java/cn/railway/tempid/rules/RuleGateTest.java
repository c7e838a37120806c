package cn.railway.tempid.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.ModelerDeployment;
import cn.railway.tempid.support.QuotaTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

/**
 * The rule gate at the door Camunda Modeler uses ({@code POST /engine-rest/deployment/create}, as
 * the demo analyst), on the real server: the tries are refused whole with every failure
 * named, and the latest version of the table stays what it was.
 */
@ApplicationTest
class RuleGateTest {
  @LocalServerPort int port;
  @Autowired RepositoryService repository;
  @Autowired ObjectMapper json;
  @Autowired AdjustableClock clock;

  private final HttpClient client = HttpClient.newHttpClient();

  /**
   * "Send applicants aged 70+ to manual review": the analyst added an {@code age} column to the
   * approval table, with case rows that supply {@code age}. The service never supplies it: the rule
   * was dead and a 75-year-old was approved. Refused, naming {@code age}.
   */
  @Test
  void anAgeInputAddedToTheApprovalTable_isRefused_namingAge() throws Exception {
    String approval = release("approval.dmn");
    String withAge =
        approval
            .replace(
                "      <output id=\"Output_Approval_Decision\"",
                """
                      <input id="Input_Approval_Age" label="Age (年龄)">
                        <inputExpression id="InputExpression_Approval_Age" typeRef="integer">
                          <text>age</text>
                        </inputExpression>
                      </input>
                      <output id="Output_Approval_Decision\"""")
            .replaceAll(
                "(\\s*)<outputEntry id=\"(Rule_Approval_\\w+)_OutDecision\">",
                "$1<inputEntry id=\"$2_InAge\"><text></text></inputEntry>"
                    + "$1<outputEntry id=\"$2_OutDecision\">")
            .replace(
                "<inputEntry id=\"Rule_Approval_Approve_InAge\"><text></text>",
                "<inputEntry id=\"Rule_Approval_Approve_InAge\"><text>&lt; 70</text>");
    assertThat(withAge).contains("Rule_Approval_Approve_InAge\"><text>&lt; 70");
    String cases =
        release("approval.cases.csv")
            .replace("registryResult,", "age,registryResult,")
            .replaceAll("(?m)^(?!#|registryResult|age)", "40,");
    int before = latestVersion("approval");

    HttpResponse<String> refused =
        deploy(Map.of("approval.dmn", withAge, "approval.cases.csv", cases));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused))
        .contains("approval.dmn")
        .contains("input Input_Approval_Age")
        .contains("reads 'age', which the service does not supply to approval")
        .contains("registryResult (string)");
    assertThat(latestVersion("approval")).as("the latest version stays").isEqualTo(before);
  }

  /**
   * An untested typo ({@code "APPROVED"} for {@code "APPROVE"}) turned every clean case into an
   * incident. Refused, naming the row and the value, and listing the case rows it breaks too.
   */
  @Test
  void anOutputTheServiceDoesNotUnderstand_isRefused_namingTheRowAndTheValue() throws Exception {
    String typo =
        release("approval.dmn")
            .replace(
                "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n          <text>\"APPROVE\"</text>",
                "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n          <text>\"APPROVED\"</text>");
    assertThat(typo)
        .contains(
            "\"APPROVED\"</text>\n        </outputEntry>\n        <outputEntry id=\"Rule_Approval_Approve_OutReasonCode");
    int before = latestVersion("approval");

    HttpResponse<String> refused = deploy(Map.of("approval.dmn", typo));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused))
        .contains("rule Rule_Approval_Approve, output 'decision'")
        .contains("\"APPROVED\" is not a value the service understands for 'decision'")
        .contains("\"APPROVE\", \"REJECT\", \"MANUAL_REVIEW\"")
        // every failure is listed: the release's case rows of the clean case fail as well
        .contains("approval.cases.csv line 3 (clean case): decision expected <APPROVE>");
    assertThat(latestVersion("approval")).isEqualTo(before);
  }

  /** JUEL is Java code on the server: refused as before, in the approval table too. */
  @Test
  void aJuelInputExpression_isStillRefused() throws Exception {
    String juel =
        release("approval.dmn")
            .replace(
                "<inputExpression id=\"InputExpression_Approval_Deceased\" typeRef=\"boolean\">",
                "<inputExpression id=\"InputExpression_Approval_Deceased\" typeRef=\"boolean\""
                    + " expressionLanguage=\"juel\">");
    int before = latestVersion("approval");

    HttpResponse<String> refused = deploy(Map.of("approval.dmn", juel));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused))
        .contains("input Input_Approval_Deceased")
        .contains("\"juel\" is not allowed");
    assertThat(latestVersion("approval")).isEqualTo(before);
  }

  /**
   * A table whose release case rows fail (the liveness threshold raised, the boundary row not
   * changed with it): refused, naming the row of the cases file and what differed.
   */
  @Test
  void aTableWhoseCaseRowsFail_isRefused_namingTheFailingRow() throws Exception {
    String stricter = release("approval.dmn").replace("&gt;= 0.85</text>", "&gt;= 0.90</text>");
    int before = latestVersion("approval");

    HttpResponse<String> refused = deploy(Map.of("approval.dmn", stricter));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused))
        .contains("the release's case rows")
        .contains(
            "approval.cases.csv line 4 (boundary: liveness exactly 0.85 and face exactly 0.80"
                + " approve): decision expected <APPROVE> but was <MANUAL_REVIEW>")
        .contains(
            "row Rule_Approval_Approve should decide, but Rule_Approval_IncompleteData decided");
    assertThat(latestVersion("approval")).isEqualTo(before);
  }

  /** Case rows deployed with the table are the ones run, not the release's. */
  @Test
  void theCaseRowsDeployedWithTheTable_areTheOnesRun() throws Exception {
    String cases =
        release("approval.cases.csv")
            .replace(
                "MATCH,false,false,0.95,0.95,APPROVE,APPROVED,Rule_Approval_Approve,clean case",
                "MATCH,false,false,0.95,0.95,REJECT,APPROVED,Rule_Approval_Approve,clean case");
    int before = latestVersion("approval");

    HttpResponse<String> refused =
        deploy(Map.of("approval.dmn", release("approval.dmn"), "approval.cases.csv", cases));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(message(refused))
        .contains("the case rows deployed with it")
        .contains(
            "approval.cases.csv line 3 (clean case): decision expected <REJECT> but was <APPROVE>");
    assertThat(latestVersion("approval")).isEqualTo(before);
  }

  /**
   * A decision the service never asks for, an output column it does not read and a limit out of
   * range are refused; so is a rejection without a refusal the passenger is shown.
   */
  @Test
  void unknownKeysColumnsAndValues_areRefused_eachNamed() throws Exception {
    String renamed =
        release("service-area.dmn").replace("id=\"serviceArea\"", "id=\"serviceZone\"");
    HttpResponse<String> unknownKey = deploy(Map.of("service-area.dmn", renamed));
    assertThat(unknownKey.statusCode()).isEqualTo(400);
    assertThat(message(unknownKey)).contains("the service asks for no decision 'serviceZone'");

    String zeroLimit = QuotaTable.withMonthlyLimit(0);
    HttpResponse<String> outOfRange = deploy(Map.of("quota.dmn", zeroLimit));
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(message(outOfRange))
        .contains("decision monthlyLimit")
        .contains(
            "0 is not a value the service understands for 'monthlyLimit'; it understands [1..100]");

    String rejectWithoutRefusal =
        release("approval.dmn")
            .replace(
                "<text>\"REGISTRY_NOT_FOUND\"</text>", "<text>\"CHECK_DATA_INCOMPLETE\"</text>")
            .replace(
                "name=\"reasonCode\" typeRef=\"string\" />",
                "name=\"reasonCode\" typeRef=\"string\" />\n"
                    + "      <output id=\"Output_Approval_Comment\" name=\"comment\""
                    + " typeRef=\"string\" />");
    HttpResponse<String> refused = deploy(Map.of("approval.dmn", rejectWithoutRefusal));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(message(refused))
        .contains("output Output_Approval_Comment")
        .contains("the service does not read an output 'comment'")
        .contains("rule Rule_Approval_RegistryNotFound")
        .contains("a rejection must name a refusal the passenger is shown");
  }

  /**
   * The monthly limit raised to 6 in its one cell: the release's case rows, written against {@code
   * monthlyLimit}, follow it and the table deploys (and is withdrawn again for the other tests).
   */
  @Test
  void theMonthlyLimitRaisedToSix_passesWithTheReleaseCases() throws Exception {
    int before = latestVersion("quota");
    HttpResponse<String> ok = deploy(Map.of("quota.dmn", QuotaTable.withMonthlyLimit(6)));
    try {
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(latestVersion("quota")).isEqualTo(before + 1);
    } finally {
      if (ok.statusCode() == 200) {
        repository.deleteDeployment(json.readTree(ok.body()).path("id").asText(), true);
        clock.advance(Duration.ofSeconds(6)); // no node remembers the withdrawn version
      }
    }
    assertThat(latestVersion("quota")).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------

  static String release(String file) throws IOException {
    try (InputStream in = new ClassPathResource("dmn/" + file).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private int latestVersion(String key) {
    DecisionDefinition latest =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey(key)
            .withoutTenantId()
            .latestVersion()
            .singleResult();
    return latest.getVersion();
  }

  private String message(HttpResponse<String> response) throws IOException {
    JsonNode body = json.readTree(response.body());
    return body.path("message").asText();
  }

  /** Deploys as Camunda Modeler does: multipart to the engine's REST API, as the demo analyst. */
  private HttpResponse<String> deploy(Map<String, String> files) throws Exception {
    return client.send(
        ModelerDeployment.request(port, Http.DEMO_OPERATOR, "rule gate test", files).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
