package cn.railway.tempid.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Retention's setting: P31D by default, and never less (docs/configuration.md). */
class RetentionPropertiesTest {

  private static RetentionProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("tempid.retention", RetentionProperties.class);
  }

  @Test
  void withoutSettings_31Days() {
    assertThat(bind(Map.of()).personalData()).isEqualTo(Duration.ofDays(31));
    assertThat(bind(Map.of("tempid.retention.personal-data", "P60D")).personalData())
        .isEqualTo(Duration.ofDays(60));
  }

  @Test
  void lessThanAMonth_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("tempid.retention.personal-data", "P30D")))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "tempid.retention.personal-data must be at least PT744H (history is shown for one"
                + " month; quota counts a month)");
  }
}
