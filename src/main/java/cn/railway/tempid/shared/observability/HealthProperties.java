package cn.railway.tempid.shared.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The background check of the database ({@link DatabaseHealth}), bound from {@code tempid.health.*}
 * (defaults in application.yml, documented in docs/configuration.md). The engine's checks under the
 * same prefix ({@code engine-*}, {@code job-executor-interval}) are the engine's.
 *
 * @param databaseInterval how often the {@code db} component checks the database (500ms)
 * @param timeout longest a check of the database may run before {@code db} counts as DOWN (800ms)
 */
@ConfigurationProperties(prefix = "tempid.health")
record HealthProperties(Duration databaseInterval, Duration timeout) {
  HealthProperties {
    databaseInterval = databaseInterval == null ? Duration.ofMillis(500) : databaseInterval;
    timeout = timeout == null ? Duration.ofMillis(800) : timeout;
    if (databaseInterval.toMillis() < 1) {
      throw new IllegalStateException("tempid.health.database-interval must be at least 1 ms");
    }
    if (timeout.toMillis() < 1) {
      throw new IllegalStateException("tempid.health.timeout must be at least 1 ms");
    }
  }
}
