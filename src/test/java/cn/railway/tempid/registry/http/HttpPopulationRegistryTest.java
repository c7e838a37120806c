package cn.railway.tempid.registry.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.registry.PopulationRegistry.Answer;
import cn.railway.tempid.registry.PopulationRegistry.RegistryUnavailableException;
import cn.railway.tempid.registry.PopulationRegistry.Result;
import cn.railway.tempid.shared.resilience.ResilienceSettings;
import cn.railway.tempid.shared.time.AdjustableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The HTTP registry adapter against a local gateway stub speaking the documented contract. */
@ExtendWith(OutputCaptureExtension.class)
class HttpPopulationRegistryTest {
  static final String SECRET = "registry-test-secret-0123456789abcdef";
  static final String ID_NUMBER = "11010519491231002X";
  static final String NAME = "张三";

  WireMockServer gateway;
  AdjustableClock clock;

  @BeforeEach
  void startGateway() {
    gateway = new WireMockServer(options().dynamicPort());
    gateway.start();
    clock = AdjustableClock.systemUtc();
  }

  @AfterEach
  void stopGateway() {
    gateway.stop();
  }

  HttpPopulationRegistry registry(ResilienceSettings resilience, Duration readTimeout) {
    HttpRegistrySettings settings =
        new HttpRegistrySettings(
            "http://localhost:" + gateway.port() + "/gw/",
            "tempid-test",
            SECRET,
            Duration.ofSeconds(1),
            readTimeout,
            resilience);
    return (HttpPopulationRegistry)
        new HttpRegistryConfiguration()
            .httpPopulationRegistry(settings, new ObjectMapper(), clock, null);
  }

  HttpPopulationRegistry registry() {
    return registry(
        new ResilienceSettings(
            50, 100, 100, Duration.ofSeconds(30), 2, 10, Duration.ZERO, 3, Duration.ofMillis(1)),
        Duration.ofSeconds(2));
  }

  void answers(ResponseDefinitionBuilder response) {
    gateway.stubFor(post(urlEqualTo("/gw/v1/identity-checks")).willReturn(response));
  }

  int calls() {
    return gateway.findAll(postRequestedFor(urlEqualTo("/gw/v1/identity-checks"))).size();
  }

  @Test
  void aMatch_withItsFlags_isTheAnswer() {
    answers(okJson("{\"result\":\"MATCH\",\"flags\":[\"DECEASED\"],\"requestId\":\"gw-1\"}"));
    assertThat(registry().lookUp(ID_NUMBER, NAME))
        .isEqualTo(new Answer(Result.MATCH, Set.of("DECEASED")));
  }

  @Test
  void notFoundAndNameMismatch_areAnswers_notFailures() {
    answers(okJson("{\"result\":\"NOT_FOUND\",\"flags\":[]}"));
    assertThat(registry().lookUp(ID_NUMBER, NAME).result()).isEqualTo(Result.NOT_FOUND);

    gateway.resetAll();
    answers(okJson("{\"result\":\"NAME_MISMATCH\"}"));
    assertThat(registry().lookUp(ID_NUMBER, NAME).result()).isEqualTo(Result.NAME_MISMATCH);
    assertThat(calls()).isEqualTo(1);
  }

  @Test
  void theIdentityTravelsInTheSignedBody_neverInTheUrl() throws Exception {
    answers(okJson("{\"result\":\"MATCH\",\"flags\":[]}"));
    clock.advance(Duration.ofHours(3)); // the service's clock, not the machine's
    long before = clock.instant().getEpochSecond();
    registry().lookUp(ID_NUMBER, NAME);
    long after = clock.instant().getEpochSecond();

    LoggedRequest request =
        gateway.findAll(postRequestedFor(urlEqualTo("/gw/v1/identity-checks"))).get(0);
    assertThat(request.getUrl()).doesNotContain(ID_NUMBER);
    assertThat(request.getBodyAsString())
        .isEqualTo("{\"idNumber\":\"" + ID_NUMBER + "\",\"name\":\"" + NAME + "\"}");
    assertThat(request.getHeader("X-Tempid-Key-Id")).isEqualTo("tempid-test");
    // the service's clock at the time of the call (the call may cross a second boundary)
    assertThat(Long.parseLong(request.getHeader("X-Tempid-Timestamp"))).isBetween(before, after);
    // the gateway recomputes the signature as docs/registry-http-contract.md says
    String canonical =
        String.join(
            "\n",
            "POST",
            "/gw/v1/identity-checks",
            request.getHeader("X-Tempid-Timestamp"),
            request.getHeader("X-Tempid-Nonce"),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(request.getBody())));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(request.getHeader("X-Tempid-Signature"))
        .isEqualTo(
            HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void throttling_isRetried_andTheRetryAfterIsKeptWhenItPersists() {
    gateway.stubFor(
        post(urlEqualTo("/gw/v1/identity-checks"))
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
            .willSetStateTo("once"));
    gateway.stubFor(
        post(urlEqualTo("/gw/v1/identity-checks"))
            .inScenario("throttled")
            .whenScenarioStateIs("once")
            .willReturn(okJson("{\"result\":\"MATCH\",\"flags\":[]}")));
    assertThat(registry().lookUp(ID_NUMBER, NAME).result()).isEqualTo(Result.MATCH);
    assertThat(calls()).isEqualTo(2);

    gateway.resetAll();
    answers(aResponse().withStatus(429).withHeader("Retry-After", "7"));
    assertThatThrownBy(() -> registry().lookUp(ID_NUMBER, NAME))
        .isInstanceOf(RegistryUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((RegistryUnavailableException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(7)));
    assertThat(calls()).isEqualTo(3);
  }

  @Test
  void serverErrorsAndRefusedSignatures_areTechnicalFailures() {
    for (int status : List.of(500, 502, 503, 401, 403, 404)) {
      gateway.resetAll();
      answers(aResponse().withStatus(status));
      assertThatThrownBy(() -> registry().lookUp(ID_NUMBER, NAME))
          .as("HTTP %d", status)
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("HTTP " + status);
    }
  }

  @Test
  void anAnswerSlowerThanTheReadTimeout_isATechnicalFailure_notAHang() {
    answers(okJson("{\"result\":\"MATCH\",\"flags\":[]}").withFixedDelay(2_500));
    HttpPopulationRegistry registry =
        registry(
            new ResilienceSettings(
                50,
                100,
                100,
                Duration.ofSeconds(30),
                2,
                10,
                Duration.ZERO,
                1,
                Duration.ofMillis(1)),
            Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(() -> registry.lookUp(ID_NUMBER, NAME))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void malformedAnswers_areTechnicalFailures() {
    for (String body :
        List.of(
            "not json",
            "{\"result\":\"PROBABLY\"}",
            "{\"result\":42}",
            "{\"flags\":[]}",
            "{\"result\":\"MATCH\",\"flags\":\"DECEASED\"}",
            "{\"result\":\"MATCH\",\"flags\":[\"<script>\"]}",
            "{\"result\":\"NOT_FOUND\",\"flags\":[\"DECEASED\"]}")) {
      gateway.resetAll();
      answers(okJson(body));
      assertThatThrownBy(() -> registry().lookUp(ID_NUMBER, NAME))
          .as(body)
          .isInstanceOf(RegistryUnavailableException.class);
    }
  }

  @Test
  void theCircuitBreakerOpens_refusesAtOnce_andClosesAfterSuccessfulTrialCalls() {
    HttpPopulationRegistry registry =
        registry(
            new ResilienceSettings(
                50, 4, 4, Duration.ofSeconds(20), 1, 10, Duration.ZERO, 1, Duration.ofMillis(1)),
            Duration.ofSeconds(2));
    answers(aResponse().withStatus(503));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> registry.lookUp(ID_NUMBER, NAME))
          .isInstanceOf(RegistryUnavailableException.class);
    }
    assertThat(registry.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> registry.lookUp(ID_NUMBER, NAME))
        .hasMessageContaining("circuit breaker open");
    assertThat(calls()).isEqualTo(4);

    gateway.resetAll();
    answers(okJson("{\"result\":\"MATCH\",\"flags\":[]}"));
    clock.advance(Duration.ofSeconds(21));
    assertThat(registry.lookUp(ID_NUMBER, NAME).result()).isEqualTo(Result.MATCH);
    assertThat(registry.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void logsCarryRequestIds_neverTheIdentity(CapturedOutput output) {
    answers(
        okJson("{\"result\":\"MATCH\",\"flags\":[\"REPORTED_FRAUD\"]}")
            .withHeader("X-Request-Id", "gw-req-42"));
    PopulationRegistry registry = registry();
    registry.lookUp(ID_NUMBER, NAME);
    gateway.resetAll();
    answers(aResponse().withStatus(500).withHeader("X-Request-Id", "gw-req-43"));
    assertThatThrownBy(() -> registry.lookUp(ID_NUMBER, NAME))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ID_NUMBER, NAME));

    assertThat(output.getAll())
        .contains("gw-req-42", "gw-req-43")
        .doesNotContain(ID_NUMBER, NAME, "REPORTED_FRAUD", SECRET);
  }
}
