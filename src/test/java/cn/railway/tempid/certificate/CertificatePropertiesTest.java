package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The certificate feature's settings: the keys of docs/configuration.md, the check-log defaults
 * when unset, and a start that fails naming the key when a value makes no sense.
 */
class CertificatePropertiesTest {

  static Map<String, String> lifetimes() {
    Map<String, String> keys = new HashMap<>();
    keys.put("tempid.certificate.validity", "PT24H");
    keys.put("tempid.certificate.renewal-window", "PT3H");
    keys.put("tempid.certificate.view-session-ttl", "PT30M");
    keys.put("tempid.certificate.liveness-freshness", "PT5M");
    return keys;
  }

  static CertificateProperties bind(Map<String, String> keys) {
    return new Binder(new MapConfigurationPropertySource(keys))
        .bind("tempid", CertificateProperties.class)
        .get();
  }

  @Test
  void theDocumentedKeysAreRead_andTheCheckLogRuleHasItsDefaults() {
    Map<String, String> keys = lifetimes();
    keys.put("tempid.checks.ticket-match.max-misses", "3"); // the verification feature's key
    CertificateProperties p = bind(keys);
    assertThat(p.certificate().validity()).isEqualTo(Duration.ofHours(24));
    assertThat(p.certificate().renewalWindow()).isEqualTo(Duration.ofHours(3));
    assertThat(p.certificate().viewSessionTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.certificate().livenessFreshness()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.checks().maxSpeedKmh()).isEqualTo(350);
    assertThat(p.checks().distanceMarginKm()).isEqualTo(50);

    keys.put("tempid.checks.max-speed-kmh", "300");
    keys.put("tempid.checks.distance-margin-km", "20");
    assertThat(bind(keys).checks()).isEqualTo(new CertificateProperties.Travel(300, 20));
  }

  @Test
  void aValueThatMakesNoSense_failsTheStart_namingItsKey() {
    Map<String, String> keys = lifetimes();
    keys.put("tempid.certificate.view-session-ttl", "PT0S");
    assertThatThrownBy(() -> bind(keys))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("tempid.certificate.view-session-ttl");

    Map<String, String> window = lifetimes();
    window.put("tempid.certificate.renewal-window", "PT25H");
    assertThatThrownBy(() -> bind(window))
        .rootCause()
        .hasMessageContaining("tempid.certificate.renewal-window");

    Map<String, String> speed = lifetimes();
    speed.put("tempid.checks.max-speed-kmh", "0");
    assertThatThrownBy(() -> bind(speed))
        .rootCause()
        .hasMessageContaining("tempid.checks.max-speed-kmh");
  }
}
