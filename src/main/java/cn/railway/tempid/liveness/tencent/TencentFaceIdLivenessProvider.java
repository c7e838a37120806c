package cn.railway.tempid.liveness.tencent;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.faceid.v20180301.FaceidClient;
import com.tencentcloudapi.faceid.v20180301.models.DetectAuthRequest;
import com.tencentcloudapi.faceid.v20180301.models.DetectAuthResponse;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedRequest;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tencent Cloud FaceID (慧眼人脸核身) behind the liveness port, following the vendor's session model:
 * {@code DetectAuth} with the person's ID number and name opens a session and answers its {@code
 * BizToken} (our session id; the app starts the vendor's SDK with it), the phone captures, and
 * after the callback {@code GetDetectInfoEnhanced} fetches the verdict by BizToken. The vendor
 * compares the live face with the authoritative ID photo of that ID number (公安权威库).
 *
 * <p>Every call goes through a {@link ProviderGuard} (bulkhead, circuit breaker; retries for the
 * fetch only). Logs carry the action, the vendor's code and its RequestId, never the identity,
 * scores or the vendor's message.
 */
class TencentFaceIdLivenessProvider implements LivenessProvider {
  private static final Logger log = LoggerFactory.getLogger(TencentFaceIdLivenessProvider.class);

  /** Text only (ErrCode, LiveStatus, Sim, …): no ID card images, best frames or video. */
  private static final String TEXT_ONLY = "1";

  private static final int MAX_SESSION_ID = 64;

  private final FaceidClient client;
  private final TencentFaceIdSettings settings;
  private final ProviderGuard guard;

  TencentFaceIdLivenessProvider(
      FaceidClient client, TencentFaceIdSettings settings, ProviderGuard guard) {
    this.client = client;
    this.settings = settings;
    this.guard = guard;
  }

  @Override
  public String name() {
    return TencentFaceIdConfiguration.NAME;
  }

  @Override
  public boolean acceptsNewSessions() {
    return guard.acceptsCalls();
  }

  @Override
  public String startSession(Subject subject) {
    return guard.once(
        () -> {
          DetectAuthRequest request = new DetectAuthRequest();
          request.setRuleId(settings.ruleId());
          request.setIdCard(subject.idNumber());
          request.setName(subject.name());
          if (settings.redirectUrl() != null && !settings.redirectUrl().isBlank()) {
            request.setRedirectUrl(settings.redirectUrl());
          }
          DetectAuthResponse response;
          try {
            response = client.DetectAuth(request);
          } catch (TencentCloudSDKException e) {
            throw failed("DetectAuth", e);
          }
          String token = response.getBizToken();
          if (token == null
              || token.isBlank()
              || token.length() > MAX_SESSION_ID
              || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            log.warn(
                "Tencent FaceID DetectAuth answered no usable BizToken (request {})",
                response.getRequestId());
            throw new ProviderUnavailableException(
                "Tencent FaceID DetectAuth answered no usable BizToken");
          }
          log.info(
              "Tencent FaceID DetectAuth opened a session (request {})", response.getRequestId());
          return token;
        });
  }

  @Override
  public Result fetchResult(String providerSessionId) {
    return guard.idempotent(
        () -> {
          GetDetectInfoEnhancedRequest request = new GetDetectInfoEnhancedRequest();
          request.setBizToken(providerSessionId);
          request.setRuleId(settings.ruleId());
          request.setInfoType(TEXT_ONLY);
          GetDetectInfoEnhancedResponse response;
          try {
            response = client.GetDetectInfoEnhanced(request);
          } catch (TencentCloudSDKException e) {
            if (TencentFaceIdErrors.sessionGone(e.getErrorCode())) {
              log.info(
                  "Tencent FaceID session is gone: {} (request {})",
                  e.getErrorCode(),
                  e.getRequestId());
              return new Result(Verdict.FAILED, null, null);
            }
            throw failed("GetDetectInfoEnhanced", e);
          }
          Result result = TencentFaceIdVerdicts.of(response.getText());
          log.info(
              "Tencent FaceID verdict {} (code {}, request {})",
              result.verdict(),
              response.getText() == null ? null : response.getText().getErrCode(),
              response.getRequestId());
          return result;
        });
  }

  /** For operators' checks and tests: the breaker's state. */
  CircuitBreaker.State breakerState() {
    return guard.state();
  }

  private static ProviderUnavailableException failed(String action, TencentCloudSDKException e) {
    String code = e.getErrorCode() == null || e.getErrorCode().isBlank() ? null : e.getErrorCode();
    // the SDK's message may quote the vendor's text or a response fragment: log the code only
    log.warn(
        "Tencent FaceID {} failed: {} (request {}{})",
        action,
        code == null ? "TRANSPORT" : code,
        e.getRequestId(),
        e.getCause() == null ? "" : ", " + e.getCause().getClass().getSimpleName());
    return TencentFaceIdErrors.technical(action, code);
  }
}
