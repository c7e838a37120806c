package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.engine.SchemaCreationLock;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: two nodes starting at the same moment on an empty database take turns creating the
 * schema. The second waits for the first's lock, also longer than the statement timeout (the
 * production profile's 15 s cut a blocking wait: here 1 s against a 2.5-s hold), and gets it as
 * soon as the first releases it.
 */
class SchemaCreationLockTest {

  private static HikariDataSource pool(String jdbcUrl) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(jdbcUrl);
    pool.setUsername(EmbeddedPostgresServer.USER);
    pool.setPassword(EmbeddedPostgresServer.PASSWORD);
    pool.setMaximumPoolSize(2);
    pool.addDataSourceProperty("options", "-c statement_timeout=1s");
    return pool;
  }

  @Test
  void aSecondNodeWaitsForTheFirst_longerThanTheStatementTimeout_thenGoesOn() throws Exception {
    String jdbcUrl =
        EmbeddedPostgresServer.get()
            .createDatabase("schema_lock_" + UUID.randomUUID().toString().substring(0, 8));
    try (HikariDataSource nodeOne = pool(jdbcUrl);
        HikariDataSource nodeTwo = pool(jdbcUrl)) {
      SchemaCreationLock first = new SchemaCreationLock(nodeOne);
      SchemaCreationLock second = new SchemaCreationLock(nodeTwo);
      first.acquire("test schema");

      long started = System.nanoTime();
      CompletableFuture<Long> secondGotIt =
          CompletableFuture.supplyAsync(
              () -> {
                second.acquire("test schema");
                return (System.nanoTime() - started) / 1_000_000;
              });
      Thread.sleep(Duration.ofMillis(2500).toMillis());
      assertThat(secondGotIt).as("the second waits while the first holds the lock").isNotDone();

      first.release();
      long waitedMillis = secondGotIt.get(10, TimeUnit.SECONDS);
      assertThat(waitedMillis).isGreaterThanOrEqualTo(2500);
      second.release();

      // released for good: the first takes it again at once
      CompletableFuture<Void> again = CompletableFuture.runAsync(() -> first.acquire("again"));
      again.get(5, TimeUnit.SECONDS);
      first.release();
    }
  }
}
