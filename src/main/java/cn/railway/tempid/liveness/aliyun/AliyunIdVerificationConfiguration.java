package cn.railway.tempid.liveness.aliyun;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessProviderOrder;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.aliyun.cloudauth20190307.Client;
import com.aliyun.teaopenapi.models.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code aliyun} in {@code tempid.liveness.provider}: the ID Verification adapter and its SDK
 * client.
 */
@Configuration(proxyBeanMethods = false)
@LivenessProviderOrder.ConditionalOnLivenessProvider(AliyunIdVerificationConfiguration.NAME)
@EnableConfigurationProperties(AliyunIdVerificationSettings.class)
class AliyunIdVerificationConfiguration {
  static final String NAME = "aliyun";

  @Bean
  LivenessProvider aliyunIdVerificationProvider(
      AliyunIdVerificationSettings settings, Clock clock, MeterRegistry meters) {
    ProviderGuard guard =
        new ProviderGuard(
            "liveness-" + NAME,
            settings.resilience(),
            clock,
            meters,
            e -> !(e instanceof AliyunIdVerificationErrors.CallerSpecific),
            LivenessProvider.ProviderUnavailableException::new);
    return new AliyunIdVerificationProvider(client(settings), settings, guard);
  }

  static Client client(AliyunIdVerificationSettings settings) {
    Config config = new Config();
    config.setAccessKeyId(settings.accessKeyId());
    config.setAccessKeySecret(settings.accessKeySecret());
    config.setEndpoint(settings.endpoint());
    config.setProtocol("http".equals(settings.protocol()) ? "HTTP" : "HTTPS");
    config.setConnectTimeout(millis(settings.connectTimeout()));
    config.setReadTimeout(millis(settings.readTimeout()));
    try {
      return new Client(config);
    } catch (Exception e) {
      // the SDK declares Exception; its message may quote the configuration, never a secret here
      throw new IllegalStateException(
          "Aliyun ID Verification client cannot be built: " + e.getClass().getSimpleName());
    }
  }

  /** The SDK counts timeouts in milliseconds, at least 1. */
  static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
  }
}
