package cn.railway.tempid.shared.observability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code db} health component (replacing Boot's, which borrows a pool connection and would wait
 * the pool's acquisition timeout while the database is away): a connection of its own, checked in
 * the background every {@code tempid.health.database-interval}, with short driver timeouts. It
 * tells whether the database answers, not whether the pool is busy, so a node under load is not
 * taken out of rotation. Readiness ({@code /actuator/health/readiness}) includes it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class DatabaseHealth {

  /** Named as Boot's, which then stays out ({@code @ConditionalOnMissingBean}). */
  @Bean(name = "dbHealthIndicator")
  BackgroundHealth dbHealthIndicator(DataSourceProperties dataSource, HealthProperties settings) {
    Duration interval = settings.databaseInterval();
    Duration timeout = settings.timeout();
    return new BackgroundHealth(
        "db",
        new Probe(
            dataSource.determineUrl(),
            dataSource.determineUsername(),
            dataSource.determinePassword(),
            timeout),
        interval,
        timeout);
  }

  /** Keeps one connection and asks it {@link Connection#isValid}; reconnects when it is not. */
  static final class Probe implements HealthIndicator, AutoCloseable {
    private final String url;
    private final Properties properties = new Properties();
    private final int timeoutSeconds;
    private Connection connection;

    Probe(String url, String user, String password, Duration timeout) {
      this.url = url;
      this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      if (url != null && url.startsWith("jdbc:postgresql:")) {
        // seconds: never wait on a database that does not answer
        properties.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
        properties.setProperty("loginTimeout", String.valueOf(timeoutSeconds));
        properties.setProperty("socketTimeout", String.valueOf(timeoutSeconds + 1));
        properties.setProperty("ApplicationName", "tempid-health");
      }
    }

    @Override
    public synchronized Health health() {
      try {
        if (connection == null || !connection.isValid(timeoutSeconds)) {
          closeQuietly();
          connection = DriverManager.getConnection(url, properties);
          if (!connection.isValid(timeoutSeconds)) {
            throw new SQLException("not valid");
          }
        }
        return Health.up()
            .withDetail("database", connection.getMetaData().getDatabaseProductName())
            .build();
      } catch (SQLException | RuntimeException e) {
        closeQuietly();
        // the class and SQL state only: a driver's message may name hosts and users
        return Health.down()
            .withDetail("error", e.getClass().getName())
            .withDetail(
                "sqlState", e instanceof SQLException s ? String.valueOf(s.getSQLState()) : "")
            .build();
      }
    }

    @Override
    public synchronized void close() {
      closeQuietly();
    }

    private void closeQuietly() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException | RuntimeException ignored) {
          // already broken
        }
        connection = null;
      }
    }
  }
}
