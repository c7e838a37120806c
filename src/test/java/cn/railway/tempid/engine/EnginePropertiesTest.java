package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The engine's settings: the defaults of docs/configuration.md, and a wrong value named. */
class EnginePropertiesTest {

  private static EngineProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("tempid", EngineProperties.class);
  }

  @Test
  void withoutSettings_theDocumentedDefaults() {
    EngineProperties properties = bind(Map.of());
    assertThat(properties.health().engineInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.health().jobExecutorInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.health().engineTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.demo().enabled()).isFalse();
    assertThat(properties.engine().refuses()).isTrue();
  }

  @Test
  void theKeysOperatorsSet_areRead() {
    EngineProperties properties =
        bind(
            Map.of(
                "tempid.health.engine-interval", "3s",
                "tempid.health.job-executor-interval", "7s",
                "tempid.health.engine-timeout", "900ms",
                "tempid.demo.enabled", "true",
                "tempid.engine.running-versions-check", "warn"));
    assertThat(properties.health().engineInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.health().jobExecutorInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(properties.health().engineTimeout()).isEqualTo(Duration.ofMillis(900));
    assertThat(properties.demo().enabled()).isTrue();
    assertThat(properties.engine().refuses()).isFalse();
  }

  @Test
  void aModeOtherThanRefuseOrWarn_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("tempid.engine.running-versions-check", "ignore")))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tempid.engine.running-versions-check is 'refuse' or 'warn', not 'ignore'");
  }
}
