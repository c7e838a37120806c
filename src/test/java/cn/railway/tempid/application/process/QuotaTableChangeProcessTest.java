package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.QuotaTable;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An analyst edits a DMN table and deploys it without a code change: the next application follows
 * the new table.
 */
class QuotaTableChangeProcessTest extends ProcessTestSupport {
  @Autowired DecisionRules rules;

  @Test
  void shouldApplyNewMonthlyLimit_whenAnalystDeploysChangedQuotaTable() throws Exception {
    int deployedLimit = QuotaTable.monthlyLimit();
    int versionBefore = latestQuotaVersion();

    ensureSameMonthFor(Duration.ofDays(2));
    Journey first;
    String idNumber = TestIdentities.randomIdNumber();
    deploy("quota: monthly limit 1 (analyst change)", QuotaTable.withMonthlyLimit(1));
    try {
      assertThat(latestQuotaVersion()).isEqualTo(versionBefore + 1);
      passengers.inRegistry("林一", idNumber);

      first = issuedCertificate("林一", idNumber);
      JsonNode issued = view(first);
      assertThat(issued.path("quota").path("limit").asInt()).isEqualTo(1);
      assertThat(issued.path("quota").path("used").asInt()).isEqualTo(1);

      clock.advance(INTO_RENEWAL_WINDOW);
      Passengers.Answer second = passengers.submitAsGuest("林一", idNumber);

      assertThat(second.status()).as("answer %s", second.body()).isEqualTo(422);
      assertThat(second.text("code")).isEqualTo("QUOTA_EXCEEDED");
      assertThat(second.text("guidance")).isEqualTo(STATION_POLICE_WINDOW);
      assertThat(second.body().path("quota").path("limit").asInt()).isEqualTo(1);
      assertEndedAt(second.text("applicationId"), "EndEvent_RefusedQuotaExceeded");
    } finally {
      deploy("quota: restore original table", QuotaTable.xml());
    }

    assertThat(view(first).path("quota").path("limit").asInt())
        .as("the original table is back for everyone else")
        .isEqualTo(deployedLimit);
    Passengers.Answer afterRestore = passengers.submitAsGuest("林一", idNumber);
    assertThat(afterRestore.status()).as("answer %s", afterRestore.body()).isEqualTo(201);
  }

  /** The 2025 rule change (3 → 6 a month) is one cell of the table: the fourth is then allowed. */
  @Test
  void shouldAllowAFourthCertificateInAMonth_whenAnalystRaisesTheLimitToSix() throws Exception {
    ensureSameMonthFor(INTO_RENEWAL_WINDOW.multipliedBy(5));
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("林六", idNumber);
    deploy("quota: monthly limit 6 (the 2025 rule)", QuotaTable.withMonthlyLimit(6));
    try {
      for (int i = 1; i <= 4; i++) {
        JsonNode issued = view(issuedCertificate("林六", idNumber));
        assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
        assertThat(issued.path("quota").path("used").asInt()).isEqualTo(i);
        assertThat(issued.path("quota").path("limit").asInt()).isEqualTo(6);
        clock.advance(INTO_RENEWAL_WINDOW);
      }
    } finally {
      deploy("quota: restore original table", QuotaTable.xml());
    }
  }

  /**
   * Deleting the analyst's deployment brings the older table back. A deployment is signalled to
   * every node; a deletion is not, so each node may keep deciding with the deleted version for up
   * to 5 seconds (the latest version is remembered that long).
   */
  @Test
  void shouldDecideWithTheOlderTableAgain_withinSecondsOfTheNewerOneBeingDeleted() {
    int deployedLimit = QuotaTable.monthlyLimit();
    assertThat(limitShown()).isEqualTo(deployedLimit);
    Deployment changed =
        deploy("quota: monthly limit 1 (to be withdrawn)", QuotaTable.withMonthlyLimit(1));
    try {
      assertThat(limitShown()).as("a new deployment decides at once").isEqualTo(1);
    } finally {
      repository.deleteDeployment(changed.getId(), true);
    }
    assertThat(limitShown()).as("a deletion has no signal: remembered").isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(limitShown())
        .as("within 5 seconds the older table is back")
        .isEqualTo(deployedLimit);
  }

  private int limitShown() {
    Map<String, Object> none = new HashMap<>();
    none.put("activeCertificate", false);
    none.put("renewalWindowOpen", false);
    none.put("usedThisMonth", 0);
    return ((Number) rules.evaluateForDisplay("quota", none).get("monthlyLimit")).intValue();
  }

  private Deployment deploy(String name, String quotaTable) {
    return repository.createDeployment().name(name).addString("quota.dmn", quotaTable).deploy();
  }

  private int latestQuotaVersion() {
    DecisionDefinition latest =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey("quota")
            .withoutTenantId()
            .latestVersion()
            .singleResult();
    return latest.getVersion();
  }
}
