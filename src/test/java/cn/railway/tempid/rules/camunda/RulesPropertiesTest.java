package cn.railway.tempid.rules.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The decision rules' settings: the defaults of docs/configuration.md, and a wrong value named. */
class RulesPropertiesTest {

  private static RulesProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("tempid", RulesProperties.class);
  }

  @Test
  void withoutSettings_theDocumentedDefaults() {
    RulesProperties properties = bind(Map.of());
    assertThat(properties.retention().decisionInputs()).isEqualTo(Duration.ofDays(30));
    assertThat(properties.decisions().replayThreads()).isEqualTo(2);
  }

  @Test
  void theKeysOperatorsSet_areRead_andNoThreadsMeansOne() {
    RulesProperties properties =
        bind(
            Map.of(
                "tempid.retention.decision-inputs", "P10D",
                "tempid.retention.personal-data", "P40D",
                "tempid.decisions.replay-threads", "0"));
    assertThat(properties.retention().decisionInputs()).isEqualTo(Duration.ofDays(10));
    assertThat(properties.decisions().replayThreads()).isEqualTo(1);
  }

  @Test
  void noRetention_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("tempid.retention.decision-inputs", "PT0S")))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tempid.retention.decision-inputs");
  }
}
