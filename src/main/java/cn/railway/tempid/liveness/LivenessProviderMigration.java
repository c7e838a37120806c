package cn.railway.tempid.liveness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Sessions opened before the provider was recorded with each session (V160) belong to the one
 * provider configured then: the migration fills it in from the Flyway placeholder {@value
 * #PLACEHOLDER}, the first name of {@code tempid.liveness.provider} at the time of the migration.
 * Upgrade with the order's first provider unchanged (docs/operations.md §1a).
 */
@Configuration(proxyBeanMethods = false)
class LivenessProviderMigration {
  static final String PLACEHOLDER = "liveness_provider_before_failover";

  @Bean
  FlywayConfigurationCustomizer livenessProviderPlaceholder(Environment environment) {
    List<String> order = LivenessProviderOrder.configured(environment);
    String first = order.isEmpty() ? "unknown" : order.get(0);
    return configuration -> {
      Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
      placeholders.put(PLACEHOLDER, first);
      configuration.placeholders(placeholders);
    };
  }
}
