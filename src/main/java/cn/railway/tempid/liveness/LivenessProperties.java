package cn.railway.tempid.liveness;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Liveness sessions and the provider's callback, bound from {@code tempid.liveness.*} (defaults in
 * application.yml, documented in docs/configuration.md). The provider choice and its own settings
 * ({@code tempid.liveness.provider}, {@code tempid.liveness.tencent.*}, ...) are bound by the
 * providers' configurations.
 *
 * @param sessionTtl a liveness session left unfinished this long abandons the application
 * @param callbackSecret the shared secret of the provider's signed callback ({@code
 *     X-Liveness-Signature}); required (the production profile reads it from {@code
 *     TEMPID_LIVENESS_CALLBACK_SECRET})
 */
@ConfigurationProperties(prefix = "tempid.liveness")
record LivenessProperties(Duration sessionTtl, String callbackSecret) {
  LivenessProperties {
    if (sessionTtl == null || sessionTtl.toSeconds() < 1) {
      throw new IllegalStateException("tempid.liveness.session-ttl must be at least 1 s");
    }
    if (callbackSecret == null || callbackSecret.isEmpty()) {
      throw new IllegalStateException("tempid.liveness.callback-secret is required");
    }
  }
}
