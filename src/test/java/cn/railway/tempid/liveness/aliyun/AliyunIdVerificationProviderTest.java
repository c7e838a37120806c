package cn.railway.tempid.liveness.aliyun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessProvider.Comparison;
import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import cn.railway.tempid.liveness.LivenessProvider.Result;
import cn.railway.tempid.liveness.LivenessProvider.Subject;
import cn.railway.tempid.liveness.LivenessProvider.Verdict;
import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import cn.railway.tempid.shared.resilience.ResilienceSettings;
import cn.railway.tempid.shared.time.AdjustableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The ID Verification adapter against a local stub that answers as Alibaba Cloud's RPC API does
 * (JSON bodies with {@code Code}, {@code ResultObject}; HTTP failures), with the vendor's real SDK
 * client pointed at it over http.
 */
@ExtendWith(OutputCaptureExtension.class)
class AliyunIdVerificationProviderTest {
  static final Subject ZHANG_SAN = new Subject("11010519491231002X", "张三");
  static final String CERTIFY_ID = "91707dc296d469ad38e4c5efa6a0f2c1";

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
    AliyunIdVerificationSettings settings =
        new AliyunIdVerificationSettings(
            "test-access-key-id",
            "test-access-key-secret",
            1000000006L,
            "{\"deviceType\":\"h5\"}",
            null,
            null,
            "localhost:" + vendor.port(),
            "http",
            Duration.ofSeconds(1),
            readTimeout,
            resilience);
    return new AliyunIdVerificationConfiguration()
        .aliyunIdVerificationProvider(settings, clock, new SimpleMeterRegistry());
  }

  LivenessProvider provider() {
    return provider(quickRetries(3), Duration.ofSeconds(2));
  }

  static ResilienceSettings quickRetries(int attempts) {
    return new ResilienceSettings(
        50, 100, 100, Duration.ofSeconds(30), 2, 10, Duration.ZERO, attempts, Duration.ofMillis(1));
  }

  void answers(String action, ResponseDefinitionBuilder response) {
    vendor.stubFor(any(anyUrl()).withQueryParam("Action", equalTo(action)).willReturn(response));
  }

  static ResponseDefinitionBuilder started(String certifyId, String requestId) {
    return okJson(
        "{\"RequestId\":\""
            + requestId
            + "\",\"Code\":\"200\",\"Message\":\"success\",\"ResultObject\":{\"CertifyId\":\""
            + certifyId
            + "\"}}");
  }

  static ResponseDefinitionBuilder described(String passed, String subCode, String material) {
    return okJson(
        "{\"RequestId\":\"req-fetch-1\",\"Code\":\"200\",\"Message\":\"success\","
            + "\"ResultObject\":{\"Passed\":\""
            + passed
            + "\",\"SubCode\":\""
            + subCode
            + "\",\"IdentityInfo\":null,\"DeviceToken\":\"tok\",\"MaterialInfo\":"
            + (material == null ? "null" : quoted(material))
            + "}}");
  }

  static String material(String faceAttack, String verifyScore) {
    return "{\"faceAttack\":\""
        + faceAttack
        + "\",\"faceOcclusion\":\"F\",\"facialPictureFront\":{\"qualityScore\":88.3"
        + (verifyScore == null ? "" : ",\"verifyScore\":" + verifyScore)
        + ",\"pictureUrl\":\"https://oss.example/x.jpg\"}}";
  }

  static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static ResponseDefinitionBuilder code(String code, String requestId) {
    return okJson(
        "{\"RequestId\":\"" + requestId + "\",\"Code\":\"" + code + "\",\"Message\":\"…\"}");
  }

  List<LoggedRequest> requests(String action) {
    return vendor.findAll(anyRequestedFor(anyUrl()).withQueryParam("Action", equalTo(action)));
  }

  static String sent(LoggedRequest request) {
    return URLDecoder.decode(
        request.getUrl() + "&" + request.getBodyAsString(), StandardCharsets.UTF_8);
  }

  @Test
  void startSession_sendsTheIdentityForTheAuthoritativeComparison_andAnswersTheCertifyId() {
    answers("InitFaceVerify", started(CERTIFY_ID, "req-start-1"));

    assertThat(provider().startSession(ZHANG_SAN)).isEqualTo(CERTIFY_ID);

    List<LoggedRequest> calls = requests("InitFaceVerify");
    assertThat(calls).hasSize(1);
    assertThat(sent(calls.get(0)))
        .contains(
            "SceneId=1000000006",
            "ProductCode=ID_PRO",
            "CertType=IDENTITY_CARD",
            "CertName=张三",
            "CertNo=11010519491231002X",
            "MetaInfo={\"deviceType\":\"h5\"}",
            "Version=2019-03-07")
        // nothing about the person beyond what the API requires
        .doesNotContain("UserId=", "Mobile=", "Ip=");
  }

  @Test
  void pass_isPassed_withTheVerifyScoreAsFaceMatchScore() {
    answers("DescribeFaceVerify", described("T", "200", material("F", "93.5")));

    Result result = provider().fetchResult(CERTIFY_ID);

    assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(result.livenessScore()).isEqualByComparingTo("1");
    assertThat(result.faceMatchScore()).isEqualByComparingTo("0.935");
    assertThat(result.authorityComparison()).isEqualTo(Comparison.MATCH);
    assertThat(sent(requests("DescribeFaceVerify").get(0)))
        .contains("CertifyId=" + CERTIFY_ID, "SceneId=1000000006");
  }

  @Test
  void aLiveFaceThatIsNotThePerson_isFailed_asAMismatch_withItsLowScore() {
    answers("DescribeFaceVerify", described("F", "204", material("F", "42.1")));

    Result result = provider().fetchResult(CERTIFY_ID);

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.livenessScore()).isEqualByComparingTo("1");
    assertThat(result.faceMatchScore()).isEqualByComparingTo("0.421");
    assertThat(result.authorityComparison()).isEqualTo(Comparison.MISMATCH);
  }

  @Test
  void aPresentationAttack_isFailed_withLivenessZero() {
    answers("DescribeFaceVerify", described("F", "205", material("T", null)));

    Result result = provider().fetchResult(CERTIFY_ID);

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.livenessScore()).isEqualByComparingTo("0");
    assertThat(result.faceMatchScore()).isNull();
    assertThat(result.authorityComparison()).isEqualTo(Comparison.NOT_COMPARED);
  }

  @Test
  void nameAndNumberThatDoNotMatchAtTheAuthority_isFailed() {
    answers("DescribeFaceVerify", described("F", "201", null));

    Result result = provider().fetchResult(CERTIFY_ID);

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.authorityComparison()).isEqualTo(Comparison.NOT_COMPARED);
  }

  @Test
  void aPassedFlagWithoutSubCode200_isNoPass() {
    answers("DescribeFaceVerify", described("T", "206", material("F", "91")));
    assertThat(provider().fetchResult(CERTIFY_ID).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void aCaptureNotFinished_isPending() {
    answers("DescribeFaceVerify", code("424", "req-pending-1"));
    assertThat(provider().fetchResult(CERTIFY_ID).verdict()).isEqualTo(Verdict.PENDING);

    vendor.resetMappings();
    answers("DescribeFaceVerify", described("", "", null));
    assertThat(provider().fetchResult(CERTIFY_ID).verdict()).isEqualTo(Verdict.PENDING);
  }

  @Test
  void anUnknownSession_isFailed_withoutRetrying() {
    answers("DescribeFaceVerify", code("406", "req-gone-1"));

    assertThat(provider().fetchResult(CERTIFY_ID))
        .isEqualTo(new Result(Verdict.FAILED, null, null));
    assertThat(requests("DescribeFaceVerify")).hasSize(1);
  }

  @Test
  void aSystemError_isRetriedWithBackoff_andThenPasses() {
    vendor.stubFor(
        any(anyUrl())
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(code("500", "req-err-1"))
            .willSetStateTo("once"));
    vendor.stubFor(
        any(anyUrl())
            .inScenario("flaky")
            .whenScenarioStateIs("once")
            .willReturn(described("T", "200", material("F", "88"))));

    assertThat(provider().fetchResult(CERTIFY_ID).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(requests("DescribeFaceVerify")).hasSize(2);
  }

  @Test
  void configurationErrors_areTechnicalFailures_afterTheConfiguredAttempts() {
    answers("DescribeFaceVerify", code("404", "req-err-2"));

    assertThatThrownBy(() -> provider().fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("DescribeFaceVerify failed: 404");
    assertThat(requests("DescribeFaceVerify")).hasSize(3);
  }

  @Test
  void httpErrors_areTechnicalFailures() {
    answers(
        "DescribeFaceVerify",
        aResponse()
            .withStatus(503)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"RequestId\":\"req-503\",\"Code\":\"ServiceUnavailable\",\"Message\":\"…\"}"));
    assertThatThrownBy(() -> provider().fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("ServiceUnavailable");

    vendor.resetAll();
    answers("DescribeFaceVerify", aResponse().withStatus(502).withBody("Bad Gateway"));
    assertThatThrownBy(() -> provider().fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void startingASession_isNeverRetried() {
    answers("InitFaceVerify", aResponse().withStatus(500));

    assertThatThrownBy(() -> provider().startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(requests("InitFaceVerify")).hasSize(1);
  }

  @Test
  void anAnswerSlowerThanTheReadTimeout_isATechnicalFailure_notAHang() {
    answers("DescribeFaceVerify", described("T", "200", material("F", "90")).withFixedDelay(2_500));
    LivenessProvider provider = provider(quickRetries(1), Duration.ofSeconds(1));

    long started = System.nanoTime();
    assertThatThrownBy(() -> provider.fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("given up at the read timeout, before the answer came")
        .isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void aMalformedAnswer_isATechnicalFailure() {
    answers("DescribeFaceVerify", described("T", "200", material("F", "\"ninety\"")));
    assertThatThrownBy(() -> provider().fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers("DescribeFaceVerify", described("T", "200", material("F", "100.5")));
    assertThatThrownBy(() -> provider().fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers("InitFaceVerify", started("", "req-start-2"));
    assertThatThrownBy(() -> provider().startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class);

    vendor.resetAll();
    answers(
        "InitFaceVerify",
        aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK).withStatus(200).withBody("x"));
    assertThatThrownBy(() -> provider().startSession(ZHANG_SAN))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void timeoutsAnd5xx_openTheCircuit_whichRefusesAtOnceWithRetryAfter_andClosesAgain() {
    ResilienceSettings resilience =
        new ResilienceSettings(
            50, 4, 4, Duration.ofSeconds(30), 2, 10, Duration.ZERO, 1, Duration.ofMillis(1));
    LivenessProvider provider = provider(resilience, Duration.ofSeconds(1));
    answers("DescribeFaceVerify", aResponse().withStatus(500));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> provider.fetchResult(CERTIFY_ID))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    vendor.resetAll();
    answers("DescribeFaceVerify", described("T", "200", material("F", "90")).withFixedDelay(1_500));
    assertThatThrownBy(() -> provider.fetchResult(CERTIFY_ID))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(requests("DescribeFaceVerify")).hasSize(1);
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(provider.acceptsNewSessions()).isFalse();

    // open: refused without calling the vendor, as a dependency failure (503) with Retry-After
    vendor.resetAll();
    answers("InitFaceVerify", started(CERTIFY_ID, "req-start-3"));
    assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("liveness-aliyun: circuit breaker open")
        .satisfies(
            e ->
                assertThat(((DependencyUnavailableException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(30)));
    assertThat(requests("InitFaceVerify")).isEmpty();

    // the vendor recovers; once the open time has passed on the one clock, trial calls close it
    answers("DescribeFaceVerify", described("T", "200", material("F", "91")));
    clock.advance(Duration.ofSeconds(31));
    assertThat(provider.acceptsNewSessions()).isTrue();
    assertThat(provider.fetchResult(CERTIFY_ID).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(provider.startSession(ZHANG_SAN)).isEqualTo(CERTIFY_ID);
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void refusalsAboutOnePersonsData_neverOpenTheBreakerForEveryone() {
    ResilienceSettings resilience =
        new ResilienceSettings(
            50, 4, 4, Duration.ofSeconds(30), 2, 10, Duration.ZERO, 1, Duration.ofMillis(1));
    LivenessProvider provider = provider(resilience, Duration.ofSeconds(2));
    answers("InitFaceVerify", code("417", "req-err-3"));

    for (int i = 0; i < 8; i++) {
      assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(stateOf(provider)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void logsCarryTheVendorsRequestId_neverTheIdentityOrScores(CapturedOutput output) {
    answers("InitFaceVerify", started(CERTIFY_ID, "req-start-7"));
    answers("DescribeFaceVerify", described("F", "204", material("F", "42.17")));
    LivenessProvider provider = provider();

    provider.startSession(ZHANG_SAN);
    provider.fetchResult(CERTIFY_ID);
    vendor.resetAll();
    answers("InitFaceVerify", code("401", "req-err-1"));
    assertThatThrownBy(() -> provider.startSession(ZHANG_SAN))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("11010519491231002X", "张三"));

    // without the log lines' clock times, whose milliseconds could look like a score
    assertThat(output.getAll().replaceAll("\\d{2}:\\d{2}:\\d{2}[.,]\\d{3}", "hh:mm:ss"))
        .contains("req-start-7", "req-fetch-1", "req-err-1")
        .doesNotContain("11010519491231002X", "张三", "42.17", "0.4217", "test-access-key-secret");
  }

  private static CircuitBreaker.State stateOf(LivenessProvider provider) {
    return ((AliyunIdVerificationProvider) provider).breakerState();
  }
}
