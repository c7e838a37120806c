package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * An analyst edits a DMN table and deploys it without a code change: the next application follows
 * the new table.
 */
class QuotaTableChangeProcessTest extends ProcessTestSupport {

  @Test
  void shouldApplyNewMonthlyLimit_whenAnalystDeploysChangedQuotaTable() throws Exception {
    String original;
    try (InputStream in = new ClassPathResource("dmn/quota.dmn").getInputStream()) {
      original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String limitOne =
        original
            .replace("<text>&gt;= 3</text>", "<text>&gt;= 1</text>")
            .replace("<text>3</text>", "<text>1</text>");
    assertThat(limitOne)
        .doesNotContain("<text>3</text>")
        .doesNotContain("&gt;= 3")
        .contains("<text>&gt;= 1</text>");
    int versionBefore = latestQuotaVersion();

    ensureSameMonthFor(Duration.ofDays(2));
    Journey first;
    String idNumber = TestIdentities.randomIdNumber();
    repository
        .createDeployment()
        .name("quota: monthly limit 1 (analyst change)")
        .addString("quota.dmn", limitOne)
        .deploy();
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
      repository
          .createDeployment()
          .name("quota: restore original table")
          .addString("quota.dmn", original)
          .deploy();
    }

    assertThat(view(first).path("quota").path("limit").asInt())
        .as("the original table is back for everyone else")
        .isEqualTo(3);
    Passengers.Answer afterRestore = passengers.submitAsGuest("林一", idNumber);
    assertThat(afterRestore.status()).as("answer %s", afterRestore.body()).isEqualTo(201);
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
