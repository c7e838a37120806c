package cn.railway.tempid.assurance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When failed face checks lock a person's face checks, bound from {@code tempid.face-checks.*}
 * (defaults in application.yml, documented in docs/configuration.md).
 *
 * @param maxFailures failed face checks of one person within {@code window} that lock them
 * @param window the sliding window the failures are counted in
 * @param lockDuration how long the lock lasts from the failure that completed the count
 */
@ConfigurationProperties(prefix = "tempid.face-checks")
record FaceCheckProperties(int maxFailures, Duration window, Duration lockDuration) {
  FaceCheckProperties {
    if (maxFailures < 1) {
      throw new IllegalStateException("tempid.face-checks.max-failures must be at least 1");
    }
    if (window == null || window.toSeconds() < 1) {
      throw new IllegalStateException("tempid.face-checks.window must be at least 1 s");
    }
    if (lockDuration == null || lockDuration.toSeconds() < 1) {
      throw new IllegalStateException("tempid.face-checks.lock-duration must be at least 1 s");
    }
  }
}
