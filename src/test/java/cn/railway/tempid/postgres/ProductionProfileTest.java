package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationStarts;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The production profile ({@code postgres} alone): every credential comes from the environment,
 * none has a default, and nothing of the demo profile (endpoints, clock, operator) exists.
 */
class ProductionProfileTest {
  private static final String[] PRODUCTION = {"postgres"};

  /** The settings application-postgres.yml must take from the environment, without defaults. */
  private static final Map<String, String> FROM_ENVIRONMENT =
      Map.of(
          "spring.datasource.url", "TEMPID_DB_URL",
          "spring.datasource.username", "TEMPID_DB_USER",
          "spring.datasource.password", "TEMPID_DB_PASSWORD",
          "tempid.privacy.hmac-key", "TEMPID_HMAC_KEY",
          "tempid.privacy.active-key-id", "TEMPID_ENCRYPTION_ACTIVE_KEY_ID",
          "tempid.privacy.active-key", "TEMPID_ENCRYPTION_KEY",
          "tempid.liveness.callback-secret", "TEMPID_LIVENESS_CALLBACK_SECRET");

  @Test
  void everyCredentialComesFromTheEnvironment_withoutDefault() throws Exception {
    List<PropertySource<?>> yaml =
        new YamlPropertySourceLoader()
            .load("postgres", new ClassPathResource("application-postgres.yml"));
    FROM_ENVIRONMENT.forEach(
        (property, variable) ->
            assertThat(yaml)
                .as(property)
                .anySatisfy(
                    source ->
                        assertThat(String.valueOf(source.getProperty(property)))
                            .isEqualTo("${" + variable + "}")));
  }

  @Test
  void withoutSecrets_theServiceRefusesToStart_namingTheMissingSetting() {
    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, Map.of()).close())
        .satisfies(
            e ->
                assertThat(messages(e)).as("start-up failure").contains(FROM_ENVIRONMENT.values()));
  }

  @Test
  void withTheDatabaseButNoSecrets_theServiceRefusesToStart_namingTheMissingSecret() {
    Map<String, Object> databaseOnly = new LinkedHashMap<>(productionProperties());
    databaseOnly.keySet().removeAll(PostgresTestEnvironment.secrets().keySet());

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, databaseOnly).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains(PostgresTestEnvironment.secrets().keySet())
                    .doesNotContain(
                        "TEMPID_DB_URL",
                        "TEMPID_DB_USER",
                        "TEMPID_DB_PASSWORD",
                        EmbeddedPostgresServer.PASSWORD));
  }

  /** The secrets the demo profile publishes (application-demo.yml), read as a deployer would. */
  private static Map<String, String> demoSecrets() throws Exception {
    Map<String, String> demo = new LinkedHashMap<>();
    for (PropertySource<?> source :
        new YamlPropertySourceLoader()
            .load("demo", new ClassPathResource("application-demo.yml"))) {
      for (String name :
          List.of(
              "tempid.privacy.hmac-key",
              "tempid.privacy.encryption-keys.demo1",
              "tempid.liveness.callback-secret",
              "camunda.bpm.admin-user.password")) {
        if (source.getProperty(name) != null) {
          demo.put(name, String.valueOf(source.getProperty(name)));
        }
      }
    }
    assertThat(demo).hasSize(4);
    return demo;
  }

  @Test
  void withTheDemoProfilesPublishedSecrets_theServiceRefusesToStart_namingThemNotTheirValues()
      throws Exception {
    Map<String, String> demo = demoSecrets();
    Map<String, Object> published =
        new LinkedHashMap<>(
            PostgresTestEnvironment.properties("jdbc:postgresql://127.0.0.1:1/never-connected"));
    published.put("TEMPID_HMAC_KEY", demo.get("tempid.privacy.hmac-key"));
    published.put("TEMPID_ENCRYPTION_KEY", demo.get("tempid.privacy.encryption-keys.demo1"));
    published.put("TEMPID_LIVENESS_CALLBACK_SECRET", demo.get("tempid.liveness.callback-secret"));
    // an older key kept for decryption, and the first administrator's password
    published.put(
        "tempid.privacy.encryption-keys.old1", demo.get("tempid.privacy.encryption-keys.demo1"));
    published.put("camunda.bpm.admin-user.id", "ops-admin");
    published.put("camunda.bpm.admin-user.password", demo.get("camunda.bpm.admin-user.password"));

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, published).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains(
                        "TEMPID_HMAC_KEY",
                        "TEMPID_ENCRYPTION_KEY",
                        "TEMPID_LIVENESS_CALLBACK_SECRET",
                        "tempid.privacy.encryption-keys.old1",
                        "camunda.bpm.admin-user.password")
                    .doesNotContain("TEMPID_DB_PASSWORD", "TEMPID_ENCRYPTION_ACTIVE_KEY_ID"))
        // the file is named; the operator password "demo" must not appear anywhere else
        .satisfies(
            e ->
                assertThat(messages(e).replace("application-demo.yml", "(file)"))
                    .doesNotContain(demo.values()));
  }

  /**
   * Security issue: the production profile started without an administrator, and anyone could then
   * create the first one through Camunda's setup page.
   */
  @Test
  void withoutAnAdministrator_theServiceRefusesToStart_namingTheAdministratorSettings() {
    Map<String, Object> noAdmin = new LinkedHashMap<>(neverConnected());
    noAdmin.keySet().removeAll(PostgresTestEnvironment.productionAdmin().keySet());

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, noAdmin).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains(
                        "CAMUNDA_BPM_ADMIN_USER_ID (camunda.bpm.admin-user.id)",
                        "CAMUNDA_BPM_ADMIN_USER_PASSWORD (camunda.bpm.admin-user.password)"));
  }

  /**
   * Security issue: weak production secrets started fine (administrator {@code admin}/{@code
   * admin}, callback secret {@code a}). Each is refused by its rule, never shown.
   */
  @Test
  void withWeakSecrets_theServiceRefusesToStart_namingEachRuleButNoValue() {
    for (String weakPassword :
        List.of("adm1n", "Password2026!", "qwerty123456", "opsadmin-2026-x!", "zzzzzzzzzzzzzz")) {
      Map<String, Object> weak = new LinkedHashMap<>(neverConnected());
      weak.put("camunda.bpm.admin-user.id", "opsadmin");
      weak.put("camunda.bpm.admin-user.password", weakPassword);
      weak.put("TEMPID_LIVENESS_CALLBACK_SECRET", "short-callback-secret");

      assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, weak).close())
          .as(weakPassword)
          .satisfies(
              e ->
                  assertThat(messages(e))
                      .as("start-up failure")
                      .contains(
                          "CAMUNDA_BPM_ADMIN_USER_PASSWORD (camunda.bpm.admin-user.password) is"
                              + " refused (",
                          "TEMPID_LIVENESS_CALLBACK_SECRET (tempid.liveness.callback-secret) is"
                              + " refused (shorter than 32 bytes)")
                      .doesNotContain(weakPassword, "short-callback-secret"));
    }
  }

  @Test
  void withOnePublishedSecret_amongOwnOnes_theServiceRefusesToStart_namingIt() throws Exception {
    Map<String, Object> oneDemoSecret = new LinkedHashMap<>(neverConnected());
    String demoKey = demoSecrets().get("tempid.privacy.hmac-key");
    oneDemoSecret.put("TEMPID_HMAC_KEY", " " + demoKey + " ");

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, oneDemoSecret).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains("TEMPID_HMAC_KEY (tempid.privacy.hmac-key)")
                    .doesNotContain(
                        "TEMPID_ENCRYPTION_KEY", "TEMPID_LIVENESS_CALLBACK_SECRET", demoKey));
  }

  @Test
  void withoutProviders_theServiceRefusesToStart_namingTheProviderSettings() {
    Map<String, Object> noProviders = neverConnected();

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, noProviders).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains(
                        "TEMPID_LIVENESS_PROVIDER (tempid.liveness.provider)",
                        "TEMPID_REGISTRY_PROVIDER (tempid.registry.provider)"));
  }

  @Test
  void withTheSimulators_theServiceRefusesToStart_namingTheSettingsAndTheStagingSwitch() {
    Map<String, Object> simulated = new LinkedHashMap<>(neverConnected());
    simulated.put("tempid.liveness.provider", "simulated");
    simulated.put("tempid.registry.provider", "simulated");

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, simulated).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains(
                        "tempid.liveness.provider=simulated",
                        "tempid.registry.provider=simulated",
                        "tempid.staging.allow-simulated-providers=true"));

    Map<String, Object> oneSimulated = new LinkedHashMap<>(simulated);
    oneSimulated.put("tempid.liveness.provider", "tencent");
    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, oneSimulated).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .as("start-up failure")
                    .contains("tempid.registry.provider=simulated")
                    .doesNotContain("tempid.liveness.provider=simulated"));
  }

  @Test
  void withSecrets_onAStagingSystemWithTheSimulators_itRuns_withoutDemoEndpointsClockOrOperator() {
    Map<String, Object> staging = new LinkedHashMap<>(productionProperties());
    staging.put("tempid.liveness.provider", "simulated");
    staging.put("tempid.registry.provider", "simulated");
    staging.put("tempid.staging.allow-simulated-providers", "true");
    try (ConfigurableApplicationContext app = ApplicationStarts.run(PRODUCTION, staging)) {
      HttpApi api = new HttpApi(ApplicationStarts.port(app));

      assertThat(api.get("/api/v1/demo/clock").status()).isEqualTo(404);
      assertThat(api.post("/api/v1/demo/clock", Map.of("advance", "PT1H")).status()).isEqualTo(404);
      assertThat(
              api.post(
                      "/api/v1/demo/registry/persons",
                      Map.of("name", "张三", "idNumber", "11010519491231002X"))
                  .status())
          .isEqualTo(404);
      assertThat(app.getBean(Clock.class)).isNotInstanceOf(AdjustableClock.class);
      IdentityService identity = app.getBean(IdentityService.class);
      assertThat(identity.createUserQuery().userId("demo").count())
          .as("the demo operator")
          .isZero();
      // the only user is the administrator from configuration: no seeded user, no setup page
      assertThat(identity.createUserQuery().list())
          .extracting(org.camunda.bpm.engine.identity.User::getId)
          .as("users")
          .containsExactly(
              (String) PostgresTestEnvironment.productionAdmin().get("camunda.bpm.admin-user.id"));
      HttpApi.Answer health = api.awaitHealthy(Duration.ofSeconds(30));
      assertThat(health.status()).as("%s", health).isEqualTo(200);

      // Swagger UI: an operator's login (a Camunda user); the document itself stays public
      HttpApi.Answer ui = api.get("/swagger-ui/index.html");
      assertThat(ui.status()).isEqualTo(401);
      assertThat(ui.text("code")).isEqualTo("UNAUTHENTICATED");
      assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
      assertThat(api.get("/api/v1/no-such-resource").status()).isEqualTo(404);
      org.camunda.bpm.engine.identity.User operator = identity.newUser("integrationlead");
      operator.setPassword("Integration-Lead-2026!pw");
      identity.saveUser(operator);
      String basic =
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(
                      "integrationlead:Integration-Lead-2026!pw"
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(
              api.get("/swagger-ui/index.html", "Accept", "text/html", "Authorization", basic)
                  .status())
          .isEqualTo(200);
    }
  }

  /** Everything the production profile needs, with a database of its own on the test server. */
  private static Map<String, Object> productionProperties() {
    String database =
        "tempid_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Map<String, Object> p =
        new LinkedHashMap<>(
            PostgresTestEnvironment.properties(
                EmbeddedPostgresServer.get().createDatabase(database)));
    p.putAll(PostgresTestEnvironment.productionAdmin());
    return p;
  }

  /** Production settings with an administrator, on a database that is never reached. */
  private static Map<String, Object> neverConnected() {
    Map<String, Object> p =
        new LinkedHashMap<>(
            PostgresTestEnvironment.properties("jdbc:postgresql://127.0.0.1:1/never-connected"));
    p.putAll(PostgresTestEnvironment.productionAdmin());
    return p;
  }

  private static String messages(Throwable e) {
    List<String> all = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.add(String.valueOf(t.getMessage()));
    }
    return String.join("\n", all);
  }
}
