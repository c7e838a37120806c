package cn.railway.tempid.shared.problem;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a request answers while the database is away ({@link InfrastructureFailures}), bound from
 * {@code tempid.database.*} (defaults in application.yml, documented in docs/configuration.md). The
 * pool's settings under the same prefix are the persistence module's.
 *
 * @param retryAfter {@code Retry-After} of {@code 503 SERVICE_UNAVAILABLE} while the database
 *     cannot be reached (PT5S; whole seconds, at least 1)
 */
@ConfigurationProperties(prefix = "tempid.database")
public record InfrastructureFailureProperties(Duration retryAfter) {
  public InfrastructureFailureProperties {
    retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
    if (retryAfter.isNegative()) {
      throw new IllegalStateException("tempid.database.retry-after must not be negative");
    }
  }
}
