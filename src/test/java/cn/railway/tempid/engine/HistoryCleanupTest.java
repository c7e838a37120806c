package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Engine history does not grow without bound: removal-time based cleanup, 30 days after the
 * instance started (set when each row is written, so ending an instance rewrites nothing).
 */
@ApplicationTest
class HistoryCleanupTest {
  @Autowired ProcessEngine engine;
  @Autowired HistoryService history;
  @Autowired Passengers passengers;

  @Test
  void historyCleanupIsConfigured() {
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(config.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
    assertThat(config.getHistoryRemovalTimeStrategy()).isEqualTo("start");
    assertThat(config.getHistoryCleanupBatchWindowStartTime()).isEqualTo("22:00");
    assertThat(config.getHistoryCleanupBatchWindowEndTime()).isEqualTo("06:00");
    assertThat(config.getHistoryTimeToLive()).isEqualTo("P30D");
    assertThat(config.isEnforceHistoryTimeToLive()).isTrue();
    assertThat(config.isHistoryCleanupEnabled()).isTrue();
  }

  @Test
  void aFinishedInstance_hasARemovalTime30DaysAfterItsStart() throws Exception {
    Passengers.Answer refused =
        passengers.postJson(
            "/api/v1/applications",
            Map.of(
                "name",
                "冯历史",
                "idType",
                "PASSPORT",
                "idNumber",
                "E87654321",
                "location",
                Passengers.BEIJING,
                "consents",
                Passengers.ALL_CONSENTS));
    assertThat(refused.status()).isEqualTo(422);
    HistoricProcessInstance instance =
        history
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(refused.text("applicationId"))
            .singleResult();
    assertThat(instance.getEndTime()).as("the refused journey ended").isNotNull();
    assertThat(instance.getRemovalTime()).isNotNull();
    assertThat(
            Duration.between(
                instance.getStartTime().toInstant(), instance.getRemovalTime().toInstant()))
        .isEqualTo(Duration.ofDays(30));
  }
}
