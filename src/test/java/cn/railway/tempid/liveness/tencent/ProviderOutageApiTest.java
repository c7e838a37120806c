package cn.railway.tempid.liveness.tencent;

import static cn.railway.tempid.support.Http.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
 * The whole service with the Tencent FaceID adapter pointed at a local stub of the vendor (API.md
 * "Failures and retries"): a provider that is down at submit time answers 503 with Retry-After and
 * stores nothing; an open circuit breaker answers the same at once; a verdict fetch that keeps
 * failing is retried as a job and then becomes an incident operators see in Cockpit.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own beside the shared H2 one in this JVM: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-provider-outage;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      // Camunda's web apps keep their Spring context in static fields: this context would take
      // them over from the shared one (as the documents' tests did: Cockpit then failed)
      "camunda.bpm.webapp.enabled=false",
      "camunda.bpm.generate-unique-process-application-name=true",
      "spring.quartz.scheduler-name=tempid-provider-outage",
      "tempid.liveness.provider=tencent",
      "tempid.liveness.tencent.secret-id=stub-secret-id",
      "tempid.liveness.tencent.secret-key=stub-secret-key",
      "tempid.liveness.tencent.rule-id=1",
      "tempid.liveness.tencent.protocol=http",
      "tempid.liveness.tencent.read-timeout=PT10S",
      "tempid.liveness.tencent.resilience.minimum-calls=5",
      "tempid.liveness.tencent.resilience.sliding-window-size=5",
      "tempid.liveness.tencent.resilience.open-for=PT60S",
      "tempid.liveness.tencent.resilience.half-open-calls=1",
      "tempid.liveness.tencent.resilience.retry-attempts=2",
      "tempid.liveness.tencent.resilience.retry-backoff=PT0.001S"
    })
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ActiveProfiles({"demo", "test"})
class ProviderOutageApiTest {
  static final WireMockServer vendor = new WireMockServer(options().dynamicPort());

  static {
    vendor.start();
  }

  @DynamicPropertySource
  static void vendorEndpoint(DynamicPropertyRegistry registry) {
    registry.add("tempid.liveness.tencent.endpoint", () -> "localhost:" + vendor.port());
  }

  @AfterAll
  static void stopVendor() {
    vendor.stop();
  }

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired JdbcClient jdbc;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired AdjustableClock clock;

  @BeforeEach
  void resetVendor() {
    vendor.resetAll();
  }

  void startsSessions() {
    vendor.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("DetectAuth"))
            .willReturn(
                okJson(
                        "{\"Response\":{\"BizToken\":\"{{randomValue type='UUID'}}\","
                            + "\"RequestId\":\"req-start\"}}")
                    .withTransformers("response-template")));
  }

  Http.Response submit() throws Exception {
    return http.post(
        "/api/v1/applications", Passengers.guestApplication("王五", TestIdentities.randomIdNumber()));
  }

  long rows(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  int startCalls() {
    return vendor
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-TC-Action", equalTo("DetectAuth")))
        .size();
  }

  /** The breaker closed again (open time passed on the one clock, one good trial call). */
  void providerHealthy() throws Exception {
    clock.advance(Duration.ofSeconds(61));
    startsSessions();
    assertThat(submit().status()).isEqualTo(201);
  }

  @Test
  void aProviderDownAtSubmit_answers503WithRetryAfter_andStoresNothing() throws Exception {
    providerHealthy();
    vendor.resetAll();
    vendor.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(502)));
    long applications = rows("application");
    long sessions = rows("liveness_session");
    long instances = runtime.createProcessInstanceQuery().count();
    String idNumber = TestIdentities.randomIdNumber();

    Http.Response refused =
        http.post("/api/v1/applications", Passengers.guestApplication("王五", idNumber));

    assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
    assertThat(refused.servletResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
    assertThat(refused.raw()).doesNotContain(idNumber);
    assertThat(rows("application")).isEqualTo(applications);
    assertThat(rows("liveness_session")).isEqualTo(sessions);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);
    assertThat(startCalls()).as("starting a session is not retried").isEqualTo(1);

    // nothing holds the person: once the provider is back, the same person applies at once
    vendor.resetAll();
    startsSessions();
    Http.Response accepted =
        http.post("/api/v1/applications", Passengers.guestApplication("王五", idNumber));
    assertThat(accepted.status()).isEqualTo(201);
    assertThat(accepted.text("status")).isEqualTo("AWAITING_LIVENESS");
  }

  @Test
  void anOpenCircuitBreaker_answers503AtOnce_withoutCallingTheProvider() throws Exception {
    providerHealthy();
    vendor.resetAll();
    vendor.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(503)));
    for (int i = 0; i < 5; i++) {
      assertProblem(submit(), 503, "SERVICE_UNAVAILABLE");
    }
    int calls = startCalls();

    Http.Response refused = submit();

    assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
    assertThat(refused.servletResponse().getHeader("Retry-After")).isEqualTo("60");
    assertThat(startCalls()).isEqualTo(calls);
    // reverifications and lookups start sessions too: the same answer
    Http.Response lookup =
        http.post(
            "/api/v1/certificates/lookup",
            java.util.Map.of(
                "name",
                "王五",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                TestIdentities.randomIdNumber()));
    assertProblem(lookup, 503, "SERVICE_UNAVAILABLE");

    providerHealthy();
  }

  @Test
  void aVerdictFetchThatKeepsFailing_isRetriedAsAJob_thenAnIncident_andResumesWhenRetried()
      throws Exception {
    providerHealthy();
    Http.Response submitted = submit();
    assertThat(submitted.status()).isEqualTo(201);
    String applicationId = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    vendor.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("GetDetectInfoEnhanced"))
            .willReturn(aResponse().withStatus(500)));

    // the phone finished: the provider calls back, and the journey fetches the verdict in a job
    String body = "{\"sessionId\":\"" + session + "\"}";
    assertThat(
            http.post("/api/v1/liveness/callback", body, "X-Liveness-Signature", sign(body))
                .status())
        .isEqualTo(204);
    String instance =
        runtime
            .createProcessInstanceQuery()
            .processInstanceBusinessKey(applicationId)
            .singleResult()
            .getId();
    int executions = 0;
    for (Job job = fetchJob(instance);
        job != null && job.getRetries() > 0;
        job = fetchJob(instance)) {
      assertThat(job.getDuedate() == null || !job.getDuedate().toInstant().isAfter(clock.instant()))
          .as("the next try is due")
          .isTrue();
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        executions++;
      }
      clock.advance(Duration.ofSeconds(31)); // the model's retry cycle: R3/PT30S
    }
    assertThat(executions).as("tries of the job").isEqualTo(3);

    List<Incident> incidents = runtime.createIncidentQuery().processInstanceId(instance).list();
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).getIncidentType()).isEqualTo("failedJob");
    assertThat(incidents.get(0).getActivityId()).isEqualTo("Task_FetchLivenessResult");
    // the vendor's failure, or the breaker it opened: codes only, nothing about the person
    assertThat(incidents.get(0).getIncidentMessage())
        .containsAnyOf("GetDetectInfoEnhanced failed", "liveness-tencent: circuit breaker open")
        .doesNotContain("王五");
    // the passenger still sees the application waiting, nothing lost
    assertThat(passengers.application(applicationId, token).text("status"))
        .isEqualTo("AWAITING_LIVENESS");

    // the vendor is back; an operator retries the job (Cockpit): the journey goes on
    vendor.resetAll();
    vendor.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("GetDetectInfoEnhanced"))
            .willReturn(
                okJson(
                    "{\"Response\":{\"Text\":{\"ErrCode\":0,\"LiveStatus\":0,\"Comparestatus\":0,"
                        + "\"Sim\":\"95.00\"},\"RequestId\":\"req-fetch\"}}")));
    clock.advance(Duration.ofSeconds(61));
    Job failed = fetchJob(instance);
    management.setJobRetries(failed.getId(), 1);
    management.executeJob(failed.getId());

    assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isZero();
    assertThat(
            passengers
                .application(applicationId, token)
                .body()
                .path("liveness")
                .path("status")
                .asText())
        .isEqualTo("PASSED");
  }

  private Job fetchJob(String instance) {
    return management
        .createJobQuery()
        .processInstanceId(instance)
        .activityId("Task_FetchLivenessResult")
        .singleResult();
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            "demo-liveness-callback-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
