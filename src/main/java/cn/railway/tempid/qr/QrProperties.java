package cn.railway.tempid.qr;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The QR frames' signing keys, bound from {@code tempid.frames.*} (defaults in application.yml,
 * documented in docs/configuration.md). The status list's keys under the same prefix are the
 * verification feature's.
 *
 * @param keyRotationInterval how long one key signs before the next replaces it ({@link
 *     SigningKeys}, rotated by a clustered Quartz job decided by the clock)
 */
@ConfigurationProperties(prefix = "tempid.frames")
record QrProperties(Duration keyRotationInterval) {
  QrProperties {
    if (keyRotationInterval == null || keyRotationInterval.toSeconds() < 1) {
      throw new IllegalStateException("tempid.frames.key-rotation-interval must be at least 1 s");
    }
  }
}
