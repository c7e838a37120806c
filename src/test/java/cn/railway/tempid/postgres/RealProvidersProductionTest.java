package cn.railway.tempid.postgres;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.support.ApplicationStarts;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.PostgresTestEnvironment;
import cn.railway.tempid.support.TestIdentities;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production profile ({@code postgres} alone) with real adapters configured: Tencent FaceID and
 * then Alibaba Cloud ID Verification (failover order) for liveness and the HTTP registry gateway,
 * all pointed at local stubs of the vendors. It starts, runs a whole journey to an issued
 * certificate on PostgreSQL, and refuses to start when an adapter's secret is missing, naming the
 * setting.
 */
class RealProvidersProductionTest {
  private static final String[] PRODUCTION = {"postgres"};
  private static final String REGISTRY_SECRET = "registry-gateway-secret-for-tests-0123456789";
  static WireMockServer vendor;

  @BeforeAll
  static void startStubs() {
    vendor = new WireMockServer(options().dynamicPort());
    vendor.start();
  }

  @AfterAll
  static void stopStubs() {
    vendor.stop();
  }

  /**
   * The settings of a production deployment with both real adapters (in production the same come
   * from TEMPID_LIVENESS_TENCENT_SECRET_KEY etc. through relaxed binding; the starter here leaves
   * the process environment out, so they are given by property name).
   */
  static Map<String, Object> productionWithRealAdapters() {
    String database =
        "tempid_real_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Map<String, Object> p =
        new LinkedHashMap<>(
            PostgresTestEnvironment.properties(
                EmbeddedPostgresServer.get().createDatabase(database)));
    p.putAll(PostgresTestEnvironment.productionAdmin());
    p.put("tempid.liveness.provider", "tencent,aliyun");
    p.put("tempid.liveness.tencent.secret-id", "stub-secret-id");
    p.put("tempid.liveness.tencent.secret-key", "stub-secret-key");
    p.put("tempid.liveness.tencent.rule-id", "1");
    p.put("tempid.liveness.tencent.endpoint", "localhost:" + vendor.port());
    p.put("tempid.liveness.tencent.protocol", "http");
    p.put("tempid.liveness.tencent.read-timeout", "PT10S");
    p.put("tempid.liveness.aliyun.access-key-id", "stub-access-key-id");
    p.put("tempid.liveness.aliyun.access-key-secret", "stub-access-key-secret");
    p.put("tempid.liveness.aliyun.scene-id", "1000000006");
    p.put("tempid.liveness.aliyun.meta-info", "{\"deviceType\":\"h5\"}");
    p.put("tempid.liveness.aliyun.endpoint", "localhost:" + vendor.port());
    p.put("tempid.liveness.aliyun.protocol", "http");
    p.put("tempid.registry.provider", "http");
    p.put("tempid.registry.http.base-url", "http://localhost:" + vendor.port() + "/registry");
    p.put("tempid.registry.http.key-id", "tempid-prod-test");
    p.put("tempid.registry.http.secret", REGISTRY_SECRET);
    p.put("tempid.registry.http.read-timeout", "PT10S");
    return p;
  }

  @Test
  void withRealAdaptersConfigured_itStartsAndIssuesACertificate() {
    String token = UUID.randomUUID().toString();
    vendor.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("DetectAuth"))
            .willReturn(
                okJson("{\"Response\":{\"BizToken\":\"" + token + "\",\"RequestId\":\"r-1\"}}")));
    vendor.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("GetDetectInfoEnhanced"))
            .willReturn(
                okJson(
                    "{\"Response\":{\"Text\":{\"ErrCode\":0,\"LiveStatus\":0,"
                        + "\"Comparestatus\":0,\"Sim\":\"96.20\"},\"RequestId\":\"r-2\"}}")));
    vendor.stubFor(
        post(urlEqualTo("/registry/v1/identity-checks"))
            .willReturn(okJson("{\"result\":\"MATCH\",\"flags\":[],\"requestId\":\"g-1\"}")));

    try (ConfigurableApplicationContext app =
        ApplicationStarts.run(PRODUCTION, productionWithRealAdapters())) {
      assertThat(app.getBeansOfType(LivenessProvider.class).values())
          .extracting(provider -> provider.getClass().getPackageName())
          .anyMatch(name -> name.endsWith(".liveness.tencent"))
          .anyMatch(name -> name.endsWith(".liveness.aliyun"))
          .hasSize(2);
      assertThat(app.getBean(PopulationRegistry.class).getClass().getPackageName())
          .endsWith(".registry.http");
      HttpApi api = new HttpApi(ApplicationStarts.port(app));
      HttpApi.Answer health = api.awaitHealthy(Duration.ofSeconds(30));
      assertThat(health.status()).as("%s", health).isEqualTo(200);

      HttpApi.Answer submitted =
          api.post(
              "/api/v1/applications",
              Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
      assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
      assertThat(submitted.body().path("liveness").path("sessionId").asText()).isEqualTo(token);

      String callback = "{\"sessionId\":\"" + token + "\"}";
      assertThat(
              api.post(
                      "/api/v1/liveness/callback",
                      callback,
                      "X-Liveness-Signature",
                      sign(PostgresTestEnvironment.LIVENESS_CALLBACK_SECRET, callback))
                  .status())
          .isEqualTo(204);
      HttpApi.Answer issued =
          api.awaitStatus(
              submitted.text("applicationId"),
              submitted.text("applicantToken"),
              Duration.ofSeconds(60),
              "ISSUED",
              "FAILED");
      assertThat(issued.text("status")).as("%s", issued).isEqualTo("ISSUED");
      vendor.verify(
          postRequestedFor(urlEqualTo("/registry/v1/identity-checks"))
              .withHeader("X-Tempid-Key-Id", equalTo("tempid-prod-test")));
    }
  }

  @Test
  void withARealAdapterButNoSecret_itRefusesToStart_namingTheSetting() {
    Map<String, Object> settings = productionWithRealAdapters();
    settings.remove("tempid.liveness.tencent.secret-key");
    settings.remove("tempid.liveness.aliyun.access-key-secret");
    settings.remove("tempid.registry.http.secret");

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, settings).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .containsAnyOf(
                        "tempid.liveness.tencent", "tempid.liveness.aliyun", "tempid.registry.http")
                    .containsAnyOf("secretKey", "secret-key", "secret", "accessKeySecret")
                    .doesNotContain(REGISTRY_SECRET));
  }

  @Test
  void withAProviderNameThatHasNoAdapter_itRefusesToStart_listingTheAdaptersThatExist() {
    Map<String, Object> settings = productionWithRealAdapters();
    settings.put("tempid.liveness.provider", "tencent,alibaba");

    assertThatThrownBy(() -> ApplicationStarts.run(PRODUCTION, settings).close())
        .satisfies(
            e ->
                assertThat(messages(e))
                    .contains("tempid.liveness.provider names 'alibaba', which is no adapter")
                    .contains("aliyun, simulated, tencent"));
  }

  static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String messages(Throwable e) {
    List<String> all = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.add(String.valueOf(t.getMessage()));
    }
    return String.join("\n", all);
  }
}
