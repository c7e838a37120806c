package cn.railway.tempid.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * What the {@code postgres} profile reads from the environment, for tests: the embedded server's
 * database and test-only secrets, under the same names as in production ({@code TEMPID_*}), so
 * {@code application-postgres.yml} is exercised as it is. Also keeps test-only components out of
 * the application (see {@link TestClassesExcluded}).
 *
 * <p>Used by {@link PostgresTest} and by tests that start the application themselves ({@link
 * #properties(String)} with a {@code SpringApplicationBuilder}).
 */
public class PostgresTestEnvironment
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** Test-only key material: never used outside tests. */
  public static final String HMAC_KEY =
      "cGctdGVzdC1obWFjLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tMDEyMzQ1Njc4OQ==";

  public static final String ENCRYPTION_KEY_ID = "pgtest1";
  public static final String ENCRYPTION_KEY = "cGctdGVzdC1hZXMta2V5LW5vdC1mb3ItcHJvZC0wMzI=";
  public static final String LIVENESS_CALLBACK_SECRET = "pg-test-liveness-callback-secret";

  /** Where the tests' production-profile service says it is reached (the status list's URL). */
  public static final String PUBLIC_BASE_URL = "https://tempid.test.example";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, Object> properties =
        new LinkedHashMap<>(
            properties(EmbeddedPostgresServer.get().jdbcUrl(EmbeddedPostgresServer.DATABASE)));
    properties.putAll(ownEngine());
    // These tests hammer one person on purpose to prove the lock and the quota; the abuse limits
    // (429 before the lock) are proven by AbuseLimitsApiTest and must not mask what is tested here.
    properties.put("tempid.limits.submission-per-person.max", 1000);
    properties.put("tempid.limits.liveness-per-person.max", 1000);
    // Up to 20 simultaneous submissions prove the person lock: load shedding (proven by
    // LoadSheddingTest) must not shed them. A fixed ceiling of 35 (pool 50 less 8 job threads and
    // their acquisition, less 6 reserved), 21 of it for polls and new work, all of which new work
    // may use (no share kept for polls alone).
    properties.put("TEMPID_DB_POOL_SIZE", 50);
    properties.put("tempid.shedding.algorithm", "fixed");
    properties.put("tempid.shedding.new-work-share", 0.6);
    properties.put("tempid.shedding.poll-share", 0);
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("embedded-postgres", properties));
    TestClassesExcluded.register(context);
  }

  /** The {@code TEMPID_*} settings for a database of the embedded server. */
  public static Map<String, Object> properties(String jdbcUrl) {
    Map<String, Object> p = new LinkedHashMap<>(secrets());
    p.put("TEMPID_DB_URL", jdbcUrl);
    p.put("TEMPID_DB_USER", EmbeddedPostgresServer.USER);
    p.put("TEMPID_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
    p.put("TEMPID_PUBLIC_BASE_URL", PUBLIC_BASE_URL);
    return p;
  }

  /**
   * Camunda registers engines and process applications by name in a JVM-wide container, and the
   * test JVM runs several contexts at once (H2, PostgreSQL, contexts started by tests): each needs
   * names of its own. The process archive still deploys as {@code temporary-id}.
   */
  public static Map<String, Object> ownEngine() {
    // Quartz, too, keeps schedulers by name JVM-wide: a context that closes must not take the
    // scheduler (and its connection pool) of another one with it
    return Map.of(
        "camunda.bpm.generate-unique-process-engine-name",
        "true",
        "camunda.bpm.generate-unique-process-application-name",
        "true",
        "spring.quartz.scheduler-name",
        "tempid-" + java.util.UUID.randomUUID());
  }

  /**
   * The first Camunda administrator a production-only start needs (the demo profile brings its own
   * {@code demo}); a deployment sets them as {@code CAMUNDA_BPM_ADMIN_USER_ID} and {@code
   * CAMUNDA_BPM_ADMIN_USER_PASSWORD}.
   */
  public static Map<String, Object> productionAdmin() {
    return Map.of(
        "camunda.bpm.admin-user.id", "pgtestadmin",
        "camunda.bpm.admin-user.password", "Kx7-harbour-lantern-2026");
  }

  /** The secrets only: {@code TEMPID_HMAC_KEY}, the encryption key and the callback secret. */
  public static Map<String, Object> secrets() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("TEMPID_HMAC_KEY", HMAC_KEY);
    p.put("TEMPID_ENCRYPTION_ACTIVE_KEY_ID", ENCRYPTION_KEY_ID);
    p.put("TEMPID_ENCRYPTION_KEY", ENCRYPTION_KEY);
    p.put("TEMPID_LIVENESS_CALLBACK_SECRET", LIVENESS_CALLBACK_SECRET);
    return p;
  }
}
