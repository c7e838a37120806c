package cn.railway.tempid.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Nodes that start at the same moment on an empty PostgreSQL database take turns creating the
 * schema. Camunda creates its tables on first start ({@code camunda.bpm.database.schema-update})
 * without a lock of its own: two nodes creating them together collided ({@code duplicate key …
 * ACT_GE_PROPERTY}) and one of them exited. So one PostgreSQL advisory lock (session level, on a
 * connection of its own) is held from before the engine builds — it creates or checks its schema
 * then — until the engine is built, and around the Flyway migration too; another node waits for it
 * and then finds the schema there. On H2 (one embedded database per process) nothing changes.
 *
 * <p>The wait polls {@code pg_try_advisory_lock} instead of blocking in {@code pg_advisory_lock}:
 * the {@code postgres} profile's statement timeout (15 s) would cancel a blocking wait while the
 * other node, on a loaded machine, still creates the schema.
 */
@Component
public class SchemaCreationLock extends AbstractProcessEnginePlugin {
  private static final Logger log = LoggerFactory.getLogger(SchemaCreationLock.class);

  /** The lock's key: any constant the service uses for nothing else ("tempid" + schema). */
  static final long KEY = 0x74656d7069645343L;

  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(200);

  private final DataSource dataSource;
  private Connection held;
  private int depth;

  public SchemaCreationLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Flyway's migration under the same lock (Flyway locks its own history table only). */
  @Bean
  static FlywayMigrationStrategy migrationUnderSchemaLock(SchemaCreationLock lock) {
    return flyway -> {
      lock.acquire("Flyway migration");
      try {
        flyway.migrate();
      } finally {
        lock.release();
      }
    };
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    acquire("process engine schema");
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    release();
  }

  public synchronized void acquire(String what) {
    if (depth++ > 0) {
      return; // already held (reentrant, as the session lock itself)
    }
    Connection connection = null;
    boolean onPostgres = false;
    try {
      connection = dataSource.getConnection();
      onPostgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
      if (!onPostgres) {
        return; // H2: one embedded database per process, nothing to share
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      boolean waited = false;
      while (!tryLock(connection)) {
        if (!waited) {
          log.info("Waiting for another node to finish the {} (schema lock)", what);
          waited = true;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("schema lock not free after " + WAIT);
        }
        Thread.sleep(POLL.toMillis());
      }
      held = connection;
    } catch (SQLException e) {
      throw new IllegalStateException("the database cannot be reached to take the schema lock", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the schema lock", e);
    } finally {
      if (held != connection || held == null) {
        if (onPostgres || connection == null) {
          depth = 0; // not taken: a later acquire tries again
        }
        if (connection != null) {
          closeQuietly(connection);
        }
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("Connection not closed: {}", e.getClass().getName());
    }
  }

  public synchronized void release() {
    if (depth == 0 || --depth > 0) {
      return;
    }
    Connection connection = held;
    held = null;
    if (connection == null) {
      return;
    }
    // unlock before the connection goes back to the pool: a session-level lock outlives the
    // borrower; if the unlock fails the connection is broken and its session (and lock) ends
    try (connection;
        PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
      unlock.setLong(1, KEY);
      unlock.execute();
    } catch (SQLException e) {
      log.warn("Schema lock not released cleanly: {}", e.getClass().getName());
    }
  }

  private static boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, KEY);
      try (ResultSet r = lock.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }
}
