package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An analyst's candidate table is evaluated against the recorded inputs of the last 30 days and
 * compared with what was decided then, by outcome and by rule, without deploying anything; a
 * candidate that fails the rule gate is refused with the reasons.
 */
@ApplicationTest
class DecisionReplayTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Operators operators;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;
  @Autowired AdjustableClock clock;

  /** A table of the test's own: {@code points >= threshold} → HIGH (Rule_High), else LOW. */
  static String table(String key, int threshold, String extraInputEntryAttribute) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_%1$s"
            name="replay probe" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="%1$s" name="Replay probe">
            <decisionTable id="DecisionTable_%1$s" hitPolicy="FIRST">
              <input id="Input_Points" label="points">
                <inputExpression id="InputExpression_Points" typeRef="integer">
                  <text>points</text>
                </inputExpression>
              </input>
              <output id="Output_Outcome" name="outcome" typeRef="string" />
              <rule id="Rule_High">
                <inputEntry id="Rule_High_In" %3$s><text>&gt;= %2$d</text></inputEntry>
                <outputEntry id="Rule_High_Out"><text>"HIGH"</text></outputEntry>
              </rule>
              <rule id="Rule_Low">
                <inputEntry id="Rule_Low_In"><text>-</text></inputEntry>
                <outputEntry id="Rule_Low_Out"><text>"LOW"</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
        </definitions>
        """
        .formatted(key, threshold, extraInputEntryAttribute);
  }

  Http.Response replay(String key, String xml, String authorization) throws Exception {
    return http.perform(
        post("/api/v1/decisions/" + key + "/replay")
            .contentType("application/xml")
            .content(xml.getBytes(StandardCharsets.UTF_8)),
        "Authorization",
        authorization);
  }

  @Test
  void aCandidate_isComparedWithLastMonthsDecisions_byOutcomeAndByRule() throws Exception {
    String key = "replayProbe" + UUID.randomUUID().toString().substring(0, 8);
    String deploymentId =
        repository
            .createDeployment()
            .name("replay probe")
            .addString(key + ".dmn", table(key, 1500, ""))
            .deploy()
            .getId();
    String applicationId = anApplication();
    try {
      Instant now = clock.instant();
      List<Object[]> rows = new ArrayList<>();
      // 3,000 evaluations of the last month under threshold 1500: points 0..2999
      for (int points = 0; points < 3000; points++) {
        rows.add(
            row(
                applicationId,
                key,
                points >= 1500 ? "HIGH" : "LOW",
                "{\"points\":" + points + "}",
                now.minus(Duration.ofMinutes(points))));
      }
      // older than 30 days, or whose inputs were not kept: not replayed (they would all change)
      for (int i = 0; i < 200; i++) {
        rows.add(
            row(applicationId, key, "STALE", "{\"points\":1}", now.minus(Duration.ofDays(31))));
        rows.add(row(applicationId, key, "STALE", null, now.minus(Duration.ofDays(1))));
      }
      jdbc.batchUpdate(
          """
          insert into decision_record (id, application_id, decision_key, decision_version,
            definition_id, outcome, rule_ids, inputs, decided_at)
          values (?, ?, ?, 1, 'probe:1:x', ?, null, ?, ?)""",
          rows);

      // the candidate raises the threshold to 2100: 600 cases go from HIGH to LOW
      Http.Response r = replay(key, table(key, 2100, ""), DEMO_OPERATOR);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonNode body = r.body();
      assertThat(body.path("decisionKey").asText()).isEqualTo(key);
      assertThat(body.path("evaluated").asLong()).isEqualTo(3000);
      assertThat(body.path("unchanged").asLong()).isEqualTo(2400);
      assertThat(body.path("changed")).hasSize(1);
      assertThat(body.path("changed").get(0).path("from").asText()).isEqualTo("HIGH");
      assertThat(body.path("changed").get(0).path("to").asText()).isEqualTo("LOW");
      assertThat(body.path("changed").get(0).path("count").asLong()).isEqualTo(600);
      Map<String, Long> byRule = new HashMap<>();
      body.path("byRule")
          .forEach(b -> byRule.put(b.path("ruleId").asText(), b.path("count").asLong()));
      assertThat(byRule)
          .containsExactlyInAnyOrderEntriesOf(Map.of("Rule_High", 900L, "Rule_Low", 2100L));
      assertThat(
              Duration.between(
                  Instant.parse(body.path("from").asText()),
                  Instant.parse(body.path("to").asText())))
          .isEqualTo(Duration.ofDays(30));

      // nothing was deployed: the table's latest version is still the first
      assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count())
          .isEqualTo(1);

      // the very table that decided changes nothing
      JsonNode same = replay(key, table(key, 1500, ""), DEMO_OPERATOR).body();
      assertThat(same.path("unchanged").asLong()).isEqualTo(3000);
      assertThat(same.path("changed")).isEmpty();
    } finally {
      jdbc.update("delete from decision_record where decision_key = ?", key);
      repository.deleteDeployment(deploymentId, true);
    }
  }

  @Test
  void aRealCase_recordsItsInputsWithoutNameOrIdNumber_andReplaysUnchanged() throws Exception {
    String name = "回放一";
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest(name, idNumber);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.97, 0.93);

    List<Map<String, Object>> recorded =
        jdbc.queryForList(
            "select decision_key, inputs, rule_ids from decision_record where application_id = ?",
            id);
    assertThat(recorded).hasSize(5);
    assertThat(recorded).allSatisfy(r -> assertThat(r.get("inputs")).as("%s", r).isNotNull());
    String all = recorded.toString();
    assertThat(all).doesNotContain(name).doesNotContain(idNumber);
    String approval =
        recorded.stream()
            .filter(r -> "approval".equals(r.get("decision_key")))
            .findFirst()
            .orElseThrow()
            .get("inputs")
            .toString();
    assertThat(approval)
        .contains("\"registryResult\":\"MATCH\"")
        .contains("\"livenessScore\":0.97")
        .contains("\"faceMatchScore\":0.93");

    // the deployed approval table, replayed: this case is among the evaluations, decided the same
    String latest =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey("approval")
            .withoutTenantId()
            .latestVersion()
            .singleResult()
            .getId();
    String xml =
        new String(repository.getDecisionModel(latest).readAllBytes(), StandardCharsets.UTF_8);
    Http.Response r = replay("approval", xml, DEMO_OPERATOR);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.body().path("evaluated").asLong()).isPositive();
    long changed = 0;
    for (JsonNode c : r.body().path("changed")) {
      changed += c.path("count").asLong();
    }
    assertThat(r.body().path("unchanged").asLong() + changed)
        .isEqualTo(r.body().path("evaluated").asLong());
    assertThat(r.body().path("byRule").toString()).contains("Rule_Approval_Approve");
  }

  @Test
  void aCandidateThatFailsTheGate_isRefusedWithItsReasons() throws Exception {
    String juel = table("approval", 1, "expressionLanguage=\"juel\"");
    JsonNode problem =
        assertProblem(replay("approval", juel, DEMO_OPERATOR), 422, "RULE_GATE_FAILED");
    assertThat(problem.path("errors")).isNotEmpty();
    assertThat(problem.path("errors").toString()).contains("Rule_High_In").contains("juel");

    // a file without the decision it is sent for
    JsonNode other =
        assertProblem(
            replay("approval", table("somethingElse", 1, ""), DEMO_OPERATOR),
            422,
            "RULE_GATE_FAILED");
    assertThat(other.path("errors").toString()).contains("approval");
  }

  @Test
  void onlyAnalysts_mayReplay_aDeployedDecision() throws Exception {
    String xml = table("approval", 1, "");
    assertProblem(
        http.perform(
            post("/api/v1/decisions/approval/replay").contentType("application/xml").content(xml)),
        401,
        "UNAUTHENTICATED");
    assertProblem(
        replay("approval", xml, Http.basic(operators.newUser(), Operators.PASSWORD)),
        403,
        "FORBIDDEN");
    assertProblem(replay("noSuchDecision", xml, DEMO_OPERATOR), 404, "NOT_FOUND");
  }

  private String anApplication() throws Exception {
    return passengers.submitAsGuest("回放二", TestIdentities.randomIdNumber()).text("applicationId");
  }

  private static Object[] row(
      String applicationId, String key, String outcome, String inputs, Instant at) {
    return new Object[] {
      UUID.randomUUID().toString(), applicationId, key, outcome, inputs, Timestamp.from(at)
    };
  }
}
