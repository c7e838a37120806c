package cn.railway.tempid.liveness.tencent;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessProviderOrder;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.faceid.v20180301.FaceidClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code tencent} in {@code tempid.liveness.provider}: the FaceID adapter and its SDK client. */
@Configuration(proxyBeanMethods = false)
@LivenessProviderOrder.ConditionalOnLivenessProvider(TencentFaceIdConfiguration.NAME)
@EnableConfigurationProperties(TencentFaceIdSettings.class)
class TencentFaceIdConfiguration {
  static final String NAME = "tencent";

  @Bean
  LivenessProvider tencentFaceIdLivenessProvider(
      TencentFaceIdSettings settings, Clock clock, MeterRegistry meters) {
    ProviderGuard guard =
        new ProviderGuard(
            "liveness-" + NAME,
            settings.resilience(),
            clock,
            meters,
            e -> !(e instanceof TencentFaceIdErrors.CallerSpecific),
            LivenessProvider.ProviderUnavailableException::new);
    return new TencentFaceIdLivenessProvider(client(settings), settings, guard);
  }

  static FaceidClient client(TencentFaceIdSettings settings) {
    HttpProfile http = new HttpProfile();
    http.setEndpoint(settings.endpoint());
    http.setProtocol(
        "http".equals(settings.protocol()) ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
    http.setConnTimeout(seconds(settings.connectTimeout()));
    http.setReadTimeout(seconds(settings.readTimeout()));
    http.setWriteTimeout(seconds(settings.readTimeout()));
    ClientProfile profile = new ClientProfile(ClientProfile.SIGN_TC3_256, http);
    return new FaceidClient(
        new Credential(settings.secretId(), settings.secretKey()), settings.region(), profile);
  }

  /** The SDK counts timeouts in whole seconds: rounded up, at least 1. */
  static int seconds(Duration duration) {
    return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
  }
}
