package cn.railway.tempid.registry.http;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code tempid.registry.provider=http}: the registry behind a gateway (signed JSON). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tempid.registry.provider", havingValue = "http")
@EnableConfigurationProperties(HttpRegistrySettings.class)
class HttpRegistryConfiguration {

  @Bean
  PopulationRegistry httpPopulationRegistry(
      HttpRegistrySettings settings, ObjectMapper json, Clock clock, MeterRegistry meters) {
    return new HttpPopulationRegistry(settings, json, clock, guard(settings, clock, meters));
  }

  static ProviderGuard guard(HttpRegistrySettings settings, Clock clock, MeterRegistry meters) {
    return new ProviderGuard(
        "registry-http",
        settings.resilience(),
        clock,
        meters,
        e -> true,
        PopulationRegistry.RegistryUnavailableException::new);
  }
}
