package cn.railway.tempid.liveness.tencent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import cn.railway.tempid.liveness.LivenessProvider.Result;
import cn.railway.tempid.liveness.LivenessProvider.Subject;
import cn.railway.tempid.liveness.LivenessProvider.Verdict;
import cn.railway.tempid.shared.resilience.ResilienceSettings;
import cn.railway.tempid.shared.time.AdjustableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The FaceID adapter against a local stub that answers as Tencent Cloud's API does (JSON {@code
 * Response} envelopes, error codes, HTTP failures), with the real SDK client pointed at it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TencentFaceIdLivenessProviderTest {
  static final Subject ZHANG_SAN = new Subject("11010519491231002X", "张三");
  static final String TOKEN = "CE661F1A-0F1E-45BD-BE13-34C05CEA7681";

  WireMockServer vendor;
  AdjustableClock clock;

  @BeforeEach
  void startVendor() {
    vendor = new WireMockServer(options().dynamicPort());
    vendor.start();
    clock = AdjustableClock.systemUtc();
  }

  @AfterEach
  void stopVendor() {
    vendor.stop();
  }

  LivenessProvider provider(ResilienceSettings resilience, Duration readTimeout) {
    TencentFaceIdSettings settings =
        new TencentFaceIdSettings(
            "test-secret-id",
            "test-secret-key",
            "1",
            "localhost:" + vendor.port(),
            "http",
            null,
            null,
            Duration.ofSeconds(1),
            readTimeout,
            resilience);
    return new TencentFaceIdConfiguration()
        .tencentFaceIdLivenessProvider(settings, clock, new SimpleMeterRegistry());
  }

  LivenessProvider provider() {
    return provider(quickRetries(3), Duration.ofSeconds(2));
  }

  static ResilienceSettings quickRetries(int attempts) {
    return new ResilienceSettings(
        50, 100, 100, Duration.ofSeconds(30), 2, 10, Duration.ZERO, attempts, Duration.ofMillis(1));
  }

  void answers(String action, ResponseDefinitionBuilder response) {
    vendor.stubFor(
        post(urlEqualTo("/")).withHeader("X-TC-Action", equalTo(action)).willReturn(response));
  }

  static ResponseDefinitionBuilder detectInfo(String text) {
    return okJson(
        "{\"Response\":{\"Text\":"
            + text
            + ",\"IdCardData\":null,\"BestFrame\":null,\"VideoData\":null,"
            + "\"RequestId\":\"req-fetch-1\"}}");
  }

  static String text(Integer errCode, Integer liveStatus, Integer compareStatus, String sim) {
    return "{\"ErrCode\":"
        + errCode
        + ",\"ErrMsg\":\"…\",\"IdCard\":\"11010519491231002X\",\"Name\":\"张三\","
        + "\"LiveStatus\":"
        + liveStatus
        + ",\"LiveMsg\":\"…\",\"Comparestatus\":"
        + compareStatus
        + ",\"Comparemsg\":\"…\",\"Sim\":"
        + (sim == null ? "null" : "\"" + sim + "\"")
        + ",\"Location\":null,\"Extra\":\"\"}";
  }

  static ResponseDefinitionBuilder error(String code) {
    return okJson(
        "{\"Response\":{\"Error\":{\"Code\":\""
            + code
            + "\",\"Message\":\"…\"},\"RequestId\":\"req-err-1\"}}");
  }

  int calls(String action) {
    return vendor
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-TC-Action", equalTo(action)))
        .size();
  }

  @Test
  void startSession_sendsTheIdentityForTheAuthoritativeComparison_andAnswersTheBizToken() {
    answers(
        "DetectAuth",
        okJson(
            "{\"Response\":{\"Url\":\"https://h5.faceid.qq.com/x\",\"BizToken\":\""
                + TOKEN
                + "\",\"RequestId\":\"req-start-1\"}}"));

    assertThat(provider().startSession(ZHANG_SAN)).isEqualTo(TOKEN);
    vendor.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-TC-Action", equalTo("DetectAuth"))
            .withHeader("X-TC-Version", equalTo("2018-03-01"))
            .withRequestBody(
                equalToJson(
                    "{\"RuleId\":\"1\",\"IdCard\":\"11010519491231002X\",\"Name\":\"张三\"}",
                    true,
                    true)));
  }

  @Test
  void pass_isPassed_withTheSimilarityAsFaceMatchScore_fetchingTextOnly() {
    answers("GetDetectInfoEnhanced", detectInfo(text(0, 0, 0, "93.50")));

    Result result = provider().fetchResult(TOKEN);

    assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(result.livenessScore()).isEqualByComparingTo("1");
    assertThat(result.faceMatchScore()).isEqualByComparingTo("0.935");
    assertThat(result.authorityComparison()).isEqualTo(LivenessProvider.Comparison.MATCH);
    vendor.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                equalToJson(
                    "{\"BizToken\":\"" + TOKEN + "\",\"RuleId\":\"1\",\"InfoType\":\"1\"}",
                    true,
                    true)));
  }

  @Test
  void aLiveFaceThatIsNotThePerson_isFailed_withItsLowSimilarity() {
    answers("GetDetectInfoEnhanced", detectInfo(text(2016, 0, 2016, "42.10")));

    Result result = provider().fetchResult(TOKEN);

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.livenessScore()).isEqualByComparingTo("1");
    assertThat(result.faceMatchScore()).isEqualByComparingTo("0.421");
    assertThat(result.authorityComparison()).isEqualTo(LivenessProvider.Comparison.MISMATCH);
  }

  @Test
  void aPresentationAttack_isFailed_withLivenessZero() {
    answers("GetDetectInfoEnhanced", detectInfo(text(1002, 1002, null, null)));

    Result result = provider().fetchResult(TOKEN);

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.livenessScore()).isEqualByComparingTo("0");
    assertThat(result.faceMatchScore()).isNull();
    assertThat(result.authorityComparison()).isEqualTo(LivenessProvider.Comparison.NOT_COMPARED);
  }

  @Test
  void nameAndNumberThatDoNotMatchAtTheAuthority_isFailed() {
    answers("GetDetectInfoEnhanced", detectInfo(text(2006, 0, 2006, null)));

    assertThat(provider().fetchResult(TOKEN).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void aCaptureNotFinished_isPending() {
    answers("GetDetectInfoEnhanced", detectInfo(text(null, null, null, null)));
    assertThat(provider().fetchResult(TOKEN).verdict()).isEqualTo(Verdict.PENDING);

    vendor.resetMappings();
    answers("GetDetectInfoEnhanced", detectInfo(text(17, null, null, null)));
    assertThat(provider().fetchResult(TOKEN).verdict()).isEqualTo(Verdict.PENDING);
  }

  @Test
  void anExpiredSession_isFailed_withoutRetrying() {
    answers("GetDetectInfoEnhanced", error("InvalidParameterValue.BizTokenExpired"));

    Result result = provider().fetchResult(TOKEN);

    assertThat(result).isEqualTo(new Result(Verdict.FAILED, null, null));
    assertThat(calls("GetDetectInfoEnhanced")).isEqualTo(1);
  }

  @Test
  void anUnknownSession_isFailed() {
    answers("GetDetectInfoEnhanced", error("ResourceNotFound"));
    assertThat(provider().fetchResult(TOKEN).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void throttling_isRetriedWithBackoff_andThenPasses() {
    vendor.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error("RequestLimitExceeded"))
            .willSetStateTo("once"));
    vendor.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttled")
            .whenScenarioStateIs("once")
            .willReturn(detectInfo(text(0, 0, 0, "88.00"))));

    assertThat(provider().fetchResult(TOKEN).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(calls("GetDetectInfoEnhanced")).isEqualTo(2);
  }

  @Test
  void throttlingThatPersists_isATechnicalFailure_afterTheConfiguredAttempts() {
    answers("GetDetectInfoEnhanced", error("LimitExceeded"));

    assertThatThrownBy(() -> provider().fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("LimitExceeded");
    assertThat(calls("GetDetectInfoEnhanced")).isEqualTo(3);
  }

  @Test
  void aServerError_isATechnicalFailure() {
    answers("GetDetectInfoEnhanced", aResponse().withStatus(502).withBody("Bad Gateway"));
    assertThatThrownBy(() -> provider().fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers("GetDetectInfoEnhanced", error("InternalError"));
    assertThatThrownBy(() -> provider().fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("InternalError");
  }

  @Test
  void startingASession_isNeverRetried() {
    answers("DetectAuth", aResponse().withStatus(503));

    assertThatThrownBy(() -> provider().startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(calls("DetectAuth")).isEqualTo(1);
  }

  @Test
  void anAnswerSlowerThanTheReadTimeout_isATechnicalFailure_notAHang() {
    answers("GetDetectInfoEnhanced", detectInfo(text(0, 0, 0, "90.00")).withFixedDelay(2_500));
    LivenessProvider provider = provider(quickRetries(1), Duration.ofSeconds(1));

    long started = System.nanoTime();
    assertThatThrownBy(() -> provider.fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("given up at the read timeout, before the answer came")
        .isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void aMalformedBody_isATechnicalFailure() {
    answers("GetDetectInfoEnhanced", okJson("{\"Response\": {\"Text\": [1, 2"));
    assertThatThrownBy(() -> provider().fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers("GetDetectInfoEnhanced", detectInfo(text(0, 0, 0, "ninety")));
    assertThatThrownBy(() -> provider().fetchResult(TOKEN))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers(
        "DetectAuth",
        aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK).withStatus(200).withBody("x"));
    assertThatThrownBy(() -> provider().startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void theCircuitBreakerOpens_refusesAtOnce_andClosesAfterSuccessfulTrialCalls() {
    ResilienceSettings resilience =
        new ResilienceSettings(
            50, 4, 4, Duration.ofSeconds(30), 2, 10, Duration.ZERO, 1, Duration.ofMillis(1));
    LivenessProvider provider = provider(resilience, Duration.ofSeconds(2));
    answers("GetDetectInfoEnhanced", aResponse().withStatus(500));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> provider.fetchResult(TOKEN))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(calls("GetDetectInfoEnhanced")).isEqualTo(4);

    // open: refused without calling the vendor, with the open time as Retry-After
    assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("circuit breaker open")
        .satisfies(
            e ->
                assertThat(((ProviderUnavailableException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(30)));
    assertThat(calls("DetectAuth")).isZero();
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.OPEN);

    // the vendor recovers; once the open time has passed on the one clock, trial calls close it
    vendor.resetAll();
    answers("GetDetectInfoEnhanced", detectInfo(text(0, 0, 0, "91.00")));
    clock.advance(Duration.ofSeconds(31));
    assertThat(provider.fetchResult(TOKEN).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(provider.fetchResult(TOKEN).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void refusalsAboutOnePersonsData_neverOpenTheBreakerForEveryone() {
    ResilienceSettings resilience =
        new ResilienceSettings(
            50, 4, 4, Duration.ofSeconds(30), 2, 10, Duration.ZERO, 1, Duration.ofMillis(1));
    LivenessProvider provider = provider(resilience, Duration.ofSeconds(2));
    answers("DetectAuth", error("FailedOperation.IdNameMisMatch"));

    for (int i = 0; i < 8; i++) {
      assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void logsCarryTheVendorsRequestId_neverTheIdentityOrScores(CapturedOutput output) {
    answers(
        "DetectAuth",
        okJson("{\"Response\":{\"BizToken\":\"" + TOKEN + "\",\"RequestId\":\"req-start-7\"}}"));
    answers("GetDetectInfoEnhanced", detectInfo(text(2016, 0, 2016, "42.17")));
    LivenessProvider provider = provider();

    provider.startSession(ZHANG_SAN);
    provider.fetchResult(TOKEN);
    vendor.resetAll();
    answers("DetectAuth", error("FailedOperation.IdNameMisMatch"));
    assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("11010519491231002X", "张三"));

    // without the log lines' clock times, whose milliseconds could look like a score
    assertThat(output.getAll().replaceAll("\\d{2}:\\d{2}:\\d{2}[.,]\\d{3}", "hh:mm:ss"))
        .contains("req-start-7", "req-fetch-1", "req-err-1")
        .doesNotContain("11010519491231002X", "张三", "42.17", "0.4217");
  }

  @Test
  void similarity_isReadAsAFractionOfOne() {
    assertThat(TencentFaceIdVerdicts.faceMatch("100.00")).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(TencentFaceIdVerdicts.faceMatch("0")).isEqualByComparingTo(BigDecimal.ZERO);
    assertThatThrownBy(() -> TencentFaceIdVerdicts.faceMatch("100.01"))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  private static CircuitBreaker.State stateOf(LivenessProvider provider) {
    return ((TencentFaceIdLivenessProvider) provider).breakerState();
  }
}
