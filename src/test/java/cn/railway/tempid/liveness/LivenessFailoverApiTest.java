package cn.railway.tempid.liveness;

import static cn.railway.tempid.support.Http.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real face providers in order ({@code tencent,aliyun}), both pointed at a local stub of the
 * vendors' APIs: while the first one's circuit breaker is open, new applications get their session
 * from the second; a session the first opened before stays with it (its verdict is fetched from the
 * first, never from the second); each breaker's state is on {@code /actuator/prometheus}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own beside the shared H2 one in this JVM: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-liveness-failover;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      // Camunda's web apps keep their Spring context in static fields: this context would take
      // them over from the shared one (as the documents' tests did: Cockpit then failed)
      "camunda.bpm.webapp.enabled=false",
      "camunda.bpm.generate-unique-process-application-name=true",
      "spring.quartz.scheduler-name=tempid-liveness-failover",
      "tempid.liveness.provider=tencent, aliyun",
      "tempid.liveness.tencent.secret-id=stub-secret-id",
      "tempid.liveness.tencent.secret-key=stub-secret-key",
      "tempid.liveness.tencent.rule-id=1",
      "tempid.liveness.tencent.protocol=http",
      "tempid.liveness.tencent.read-timeout=PT10S",
      "tempid.liveness.tencent.resilience.minimum-calls=3",
      "tempid.liveness.tencent.resilience.sliding-window-size=3",
      "tempid.liveness.tencent.resilience.open-for=PT60S",
      "tempid.liveness.tencent.resilience.half-open-calls=1",
      "tempid.liveness.tencent.resilience.retry-attempts=1",
      "tempid.liveness.aliyun.access-key-id=stub-access-key-id",
      "tempid.liveness.aliyun.access-key-secret=stub-access-key-secret",
      "tempid.liveness.aliyun.scene-id=1000000006",
      "tempid.liveness.aliyun.meta-info={\"deviceType\":\"h5\"}",
      "tempid.liveness.aliyun.protocol=http",
      "tempid.liveness.aliyun.read-timeout=PT10S"
    })
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ActiveProfiles({"demo", "test"})
class LivenessFailoverApiTest {
  static final WireMockServer vendors = new WireMockServer(options().dynamicPort());

  static {
    vendors.start();
  }

  @DynamicPropertySource
  static void vendorEndpoints(DynamicPropertyRegistry registry) {
    registry.add("tempid.liveness.tencent.endpoint", () -> "localhost:" + vendors.port());
    registry.add("tempid.liveness.aliyun.endpoint", () -> "localhost:" + vendors.port());
  }

  @AfterAll
  static void stopVendors() {
    vendors.stop();
  }

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired AdjustableClock clock;

  void tencent(String action, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
    vendors.stubFor(post(urlEqualTo("/")).withHeader("X-TC-Action", equalTo(action)).willReturn(r));
  }

  void aliyun(String action, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
    vendors.stubFor(any(anyUrl()).withQueryParam("Action", equalTo(action)).willReturn(r));
  }

  int tencentCalls(String action) {
    return vendors
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-TC-Action", equalTo(action)))
        .size();
  }

  int aliyunCalls(String action) {
    return vendors
        .findAll(anyRequestedFor(anyUrl()).withQueryParam("Action", equalTo(action)))
        .size();
  }

  Http.Response submit() throws Exception {
    return http.post(
        "/api/v1/applications", Passengers.guestApplication("王五", TestIdentities.randomIdNumber()));
  }

  String providerOf(String sessionId) {
    return jdbc.sql("select provider from liveness_session where id = ?")
        .param(sessionId)
        .query(String.class)
        .single();
  }

  @Test
  void
      whileTheFirstProvidersCircuitIsOpen_newSessionsGoToTheNext_andSessionsInFlightStayWithTheirs()
          throws Exception {
    // both healthy: sessions open with the first of the order
    tencent(
        "DetectAuth",
        okJson("{\"Response\":{\"BizToken\":\"tc-in-flight-1\",\"RequestId\":\"r\"}}"));
    Http.Response first = submit();
    assertThat(first.status()).isEqualTo(201);
    String inFlight = first.body().path("liveness").path("sessionId").asText();
    assertThat(inFlight).isEqualTo("tc-in-flight-1");
    assertThat(providerOf(inFlight)).isEqualTo("tencent");

    // Tencent fails: 503s until its breaker opens (a failed start is never sent elsewhere)
    vendors.resetAll();
    tencent("DetectAuth", aResponse().withStatus(500));
    aliyun(
        "InitFaceVerify",
        okJson(
            "{\"RequestId\":\"a\",\"Code\":\"200\",\"ResultObject\":{\"CertifyId\":\"ali-1\"}}"));
    // a window of 3 calls: the success above and two failures (67 % >= 50 %) open it
    for (int i = 0; i < 2; i++) {
      assertProblem(submit(), 503, "SERVICE_UNAVAILABLE");
    }
    assertThat(aliyunCalls("InitFaceVerify")).isZero();
    int tencentStarts = tencentCalls("DetectAuth");

    // open: a new application gets its session from Aliyun, without calling Tencent
    Http.Response second = submit();
    assertThat(second.status()).as(second.raw()).isEqualTo(201);
    assertThat(second.body().path("liveness").path("sessionId").asText()).isEqualTo("ali-1");
    assertThat(providerOf("ali-1")).isEqualTo("aliyun");
    assertThat(tencentCalls("DetectAuth")).isEqualTo(tencentStarts);

    // the breaker's state is exported per provider, for the alert on an open circuit
    String scrape =
        http.get(
                "/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR, "Accept", "text/plain")
            .raw();
    assertThat(scrape)
        .containsPattern(
            "resilience4j_circuitbreaker_state\\{[^}]*name=\"liveness-tencent\"[^}]*state=\"open\"[^}]*} 1\\.0")
        .containsPattern(
            "resilience4j_circuitbreaker_state\\{[^}]*name=\"liveness-aliyun\"[^}]*state=\"closed\"[^}]*} 1\\.0");

    // Tencent is back; the in-flight session's verdict is fetched from Tencent, never from Aliyun
    vendors.resetAll();
    tencent(
        "GetDetectInfoEnhanced",
        okJson(
            "{\"Response\":{\"Text\":{\"ErrCode\":0,\"LiveStatus\":0,\"Comparestatus\":0,"
                + "\"Sim\":\"95.00\"},\"RequestId\":\"r-f\"}}"));
    aliyun(
        "DescribeFaceVerify",
        okJson(
            "{\"RequestId\":\"a-f\",\"Code\":\"200\",\"ResultObject\":{\"Passed\":\"T\","
                + "\"SubCode\":\"200\",\"MaterialInfo\":\"{\\\"faceAttack\\\":\\\"F\\\","
                + "\\\"facialPictureFront\\\":{\\\"verifyScore\\\":96.1}}\"}}"));
    clock.advance(Duration.ofSeconds(61));
    assertThat(completeCapture(first)).isEqualTo("PASSED");
    assertThat(tencentCalls("GetDetectInfoEnhanced")).isEqualTo(1);
    assertThat(aliyunCalls("DescribeFaceVerify")).isZero();

    // and the Aliyun session's verdict comes from Aliyun
    assertThat(completeCapture(second)).isEqualTo("PASSED");
    assertThat(aliyunCalls("DescribeFaceVerify")).isEqualTo(1);
    assertThat(tencentCalls("GetDetectInfoEnhanced")).isEqualTo(1);
  }

  /** The vendor calls back; the journey's job fetches the verdict. Answers the session status. */
  private String completeCapture(Http.Response submitted) throws Exception {
    String session = submitted.body().path("liveness").path("sessionId").asText();
    String body = "{\"sessionId\":\"" + session + "\"}";
    assertThat(
            http.post("/api/v1/liveness/callback", body, "X-Liveness-Signature", sign(body))
                .status())
        .isEqualTo(204);
    String applicationId = submitted.text("applicationId");
    String instance =
        runtime
            .createProcessInstanceQuery()
            .processInstanceBusinessKey(applicationId)
            .singleResult()
            .getId();
    Job job =
        management
            .createJobQuery()
            .processInstanceId(instance)
            .activityId("Task_FetchLivenessResult")
            .singleResult();
    if (job != null) {
      management.executeJob(job.getId());
    }
    return passengers
        .application(applicationId, submitted.text("applicantToken"))
        .body()
        .path("liveness")
        .path("status")
        .asText();
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            "demo-liveness-callback-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
