package cn.railway.tempid.bench;

import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.PostgresTestEnvironment;
import java.util.concurrent.CountDownLatch;

/**
 * A benchmark helper, not a test: starts the same real PostgreSQL the PostgreSQL tests use
 * (binaries from Maven Central, no Docker) and prints the environment that points the service at
 * it, then runs until interrupted (Ctrl-C stops the server).
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
 *   cn.railway.tempid.bench.PostgresForBenchmarks | grep --line-buffered "^TEMPID_" > target/pg.env &amp;
 * set -a; . target/pg.env; set +a
 * java -jar target/temporary-id-0.1.0-SNAPSHOT.jar --spring.profiles.active=demo,postgres
 * </pre>
 *
 * The profiles {@code demo,postgres} keep the demo endpoints the {@link JourneyBenchmark} drives
 * (simulated registry and liveness) on PostgreSQL; the secrets are the test suite's, never
 * production's.
 */
public final class PostgresForBenchmarks {
  private PostgresForBenchmarks() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgresServer.Server server = EmbeddedPostgresServer.get();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    System.out.println("TEMPID_DB_URL=" + server.jdbcUrl(EmbeddedPostgresServer.DATABASE));
    System.out.println("TEMPID_DB_USER=" + EmbeddedPostgresServer.USER);
    System.out.println("TEMPID_DB_PASSWORD=" + EmbeddedPostgresServer.PASSWORD);
    System.out.println("TEMPID_HMAC_KEY=" + PostgresTestEnvironment.HMAC_KEY);
    System.out.println(
        "TEMPID_ENCRYPTION_ACTIVE_KEY_ID=" + PostgresTestEnvironment.ENCRYPTION_KEY_ID);
    System.out.println("TEMPID_ENCRYPTION_KEY=" + PostgresTestEnvironment.ENCRYPTION_KEY);
    System.out.println(
        "TEMPID_LIVENESS_CALLBACK_SECRET=" + PostgresTestEnvironment.LIVENESS_CALLBACK_SECRET);
    System.out.println("TEMPID_PUBLIC_BASE_URL=" + PostgresTestEnvironment.PUBLIC_BASE_URL);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
