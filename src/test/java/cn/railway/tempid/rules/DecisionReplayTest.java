package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
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

  /** The release's file of a table, as the service's classpath holds it. */
  static String released(String file) throws Exception {
    try (var in = DecisionReplayTest.class.getResourceAsStream("/dmn/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The release's quota table with its one monthly-limit cell set to {@code limit}. */
  static String quotaWithMonthlyLimit(int limit) throws Exception {
    String xml = released("quota.dmn");
    String cell = "<literalExpression id=\"Expression_MonthlyLimit\">\n      <text>3</text>";
    assertThat(xml).as("the release's monthly limit cell").contains(cell);
    return xml.replace(cell, cell.replace(">3<", ">" + limit + "<"));
  }

  /** What a replay answered, as counts that can be subtracted. */
  record Counts(
      long evaluated, long unchanged, Map<String, Long> changed, Map<String, Long> byRule) {
    static Counts of(JsonNode body) {
      Map<String, Long> changed = new HashMap<>();
      body.path("changed")
          .forEach(
              c ->
                  changed.put(
                      c.path("from").asText() + "->" + c.path("to").asText(),
                      c.path("count").asLong()));
      Map<String, Long> byRule = new HashMap<>();
      body.path("byRule")
          .forEach(b -> byRule.put(b.path("ruleId").asText(), b.path("count").asLong()));
      return new Counts(
          body.path("evaluated").asLong(), body.path("unchanged").asLong(), changed, byRule);
    }

    /** This replay's counts less an earlier one's: what the rows added in between did. */
    Counts minus(Counts before) {
      Map<String, Long> changed = new HashMap<>(this.changed);
      before.changed.forEach((k, v) -> changed.merge(k, -v, Long::sum));
      changed.values().removeIf(v -> v == 0);
      Map<String, Long> byRule = new HashMap<>(this.byRule);
      before.byRule.forEach((k, v) -> byRule.merge(k, -v, Long::sum));
      byRule.values().removeIf(v -> v == 0);
      return new Counts(
          evaluated - before.evaluated, unchanged - before.unchanged, changed, byRule);
    }
  }

  Counts replayed(String key, String xml) throws Exception {
    Http.Response r = replay(key, xml, DEMO_OPERATOR);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.body().path("decisionKey").asText()).isEqualTo(key);
    return Counts.of(r.body());
  }

  @Test
  void aCandidate_isComparedWithLastMonthsDecisions_byOutcomeAndByRule() throws Exception {
    // the candidate an analyst would try: the monthly limit raised from 3 to 5
    String candidate = quotaWithMonthlyLimit(5);
    String release = released("quota.dmn");
    String applicationId = anApplication();
    long versionsBefore =
        repository.createDecisionDefinitionQuery().decisionDefinitionKey("quota").count();
    // other tests' cases are recorded too: what the rows below add is measured against them
    Counts candidateBefore = replayed("quota", candidate);
    Counts releaseBefore = replayed("quota", release);
    try {
      Instant now = clock.instant();
      List<Object[]> rows = new ArrayList<>();
      // 3,000 evaluations of the last month under the limit of 3: usedThisMonth 0..9
      for (int i = 0; i < 3000; i++) {
        int used = i % 10;
        rows.add(
            row(
                applicationId,
                used >= 3 ? "QUOTA_EXCEEDED" : "ALLOW",
                quotaInputs(used),
                now.minus(Duration.ofMinutes(i))));
      }
      // older than 30 days, or whose inputs were not kept: not replayed (they would all change)
      for (int i = 0; i < 200; i++) {
        rows.add(row(applicationId, "STALE", quotaInputs(1), now.minus(Duration.ofDays(31))));
        rows.add(row(applicationId, "STALE", null, now.minus(Duration.ofDays(1))));
      }
      jdbc.batchUpdate(
          """
          insert into decision_record (id, application_id, decision_key, decision_version,
            definition_id, outcome, rule_ids, inputs, decided_at)
          values (?, ?, 'quota', 1, 'quota:1:x', ?, null, ?, ?)""",
          rows);

      // usedThisMonth 3 and 4 (600 cases) go from QUOTA_EXCEEDED to ALLOW
      Http.Response r = replay("quota", candidate, DEMO_OPERATOR);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      Counts added = Counts.of(r.body()).minus(candidateBefore);
      assertThat(added.evaluated()).isEqualTo(3000);
      assertThat(added.unchanged()).isEqualTo(2400);
      assertThat(added.changed()).containsExactlyEntriesOf(Map.of("QUOTA_EXCEEDED->ALLOW", 600L));
      assertThat(added.byRule())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("Rule_Quota_Allow", 1500L, "Rule_Quota_QuotaExceeded", 1500L));
      assertThat(
              Duration.between(
                  Instant.parse(r.body().path("from").asText()),
                  Instant.parse(r.body().path("to").asText())))
          .isEqualTo(Duration.ofDays(30));

      // nothing was deployed
      assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey("quota").count())
          .isEqualTo(versionsBefore);

      // the very table that decided changes nothing of them
      Counts same = replayed("quota", release).minus(releaseBefore);
      assertThat(same.evaluated()).isEqualTo(3000);
      assertThat(same.unchanged()).isEqualTo(3000);
      assertThat(same.changed()).isEmpty();
    } finally {
      jdbc.update(
          "delete from decision_record where application_id = ? and definition_id = 'quota:1:x'",
          applicationId);
    }
  }

  private static String quotaInputs(int usedThisMonth) {
    return "{\"activeCertificate\":false,\"renewalWindowOpen\":false,\"usedThisMonth\":"
        + usedThisMonth
        + "}";
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

  /** Who may replay, and in which media type: {@code DecisionChangeRequestContractTest}. */
  @Test
  void aDecisionThatIsNotDeployed_isNotReplayed() throws Exception {
    assertProblem(
        replay("noSuchDecision", table("approval", 1, ""), DEMO_OPERATOR), 404, "NOT_FOUND");
  }

  private String anApplication() throws Exception {
    return passengers.submitAsGuest("回放二", TestIdentities.randomIdNumber()).text("applicationId");
  }

  private static Object[] row(String applicationId, String outcome, String inputs, Instant at) {
    return new Object[] {
      UUID.randomUUID().toString(), applicationId, outcome, inputs, Timestamp.from(at)
    };
  }
}
