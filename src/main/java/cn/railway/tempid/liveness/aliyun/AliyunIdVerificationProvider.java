package cn.railway.tempid.liveness.aliyun;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.aliyun.cloudauth20190307.Client;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyRequest;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyResponse;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyResponseBody;
import com.aliyun.cloudauth20190307.models.InitFaceVerifyRequest;
import com.aliyun.cloudauth20190307.models.InitFaceVerifyResponse;
import com.aliyun.cloudauth20190307.models.InitFaceVerifyResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teautil.models.RuntimeOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba Cloud ID Verification (金融级实人认证) behind the liveness port, following the vendor's session
 * model: {@code InitFaceVerify} with the person's ID number and name opens a session and answers
 * its {@code CertifyId} (our session id; the app starts the vendor's SDK with it), the phone
 * captures, and after the callback {@code DescribeFaceVerify} fetches the verdict by CertifyId.
 * With {@code ID_PRO} the vendor compares the live face with the authoritative ID photo of that ID
 * number.
 *
 * <p>The name and ID number go to the vendor in {@code CertName} / {@code CertNo} only, as the API
 * requires; nothing else about the person is sent ({@code UserId}, {@code Mobile} and {@code Ip}
 * are optional and left out; {@code OuterOrderNo} is random). Every call goes through a {@link
 * ProviderGuard} (bulkhead, circuit breaker; retries for the fetch only; the SDK's own retries are
 * off). Logs carry the action, the vendor's code and its RequestId, never the identity, scores or
 * the vendor's message.
 */
class AliyunIdVerificationProvider implements LivenessProvider {
  private static final Logger log = LoggerFactory.getLogger(AliyunIdVerificationProvider.class);

  private static final String IDENTITY_CARD = "IDENTITY_CARD";
  private static final int MAX_SESSION_ID = 64;

  private final Client client;
  private final AliyunIdVerificationSettings settings;
  private final ProviderGuard guard;

  AliyunIdVerificationProvider(
      Client client, AliyunIdVerificationSettings settings, ProviderGuard guard) {
    this.client = client;
    this.settings = settings;
    this.guard = guard;
  }

  @Override
  public String name() {
    return AliyunIdVerificationConfiguration.NAME;
  }

  @Override
  public boolean acceptsNewSessions() {
    return guard.acceptsCalls();
  }

  @Override
  public String startSession(Subject subject) {
    return guard.once(
        () -> {
          InitFaceVerifyRequest request = new InitFaceVerifyRequest();
          request.setSceneId(settings.sceneId());
          request.setOuterOrderNo(UUID.randomUUID().toString().replace("-", ""));
          request.setProductCode(settings.productCode());
          request.setModel(settings.model());
          request.setCertType(IDENTITY_CARD);
          request.setCertName(subject.name());
          request.setCertNo(subject.idNumber());
          request.setMetaInfo(settings.metaInfo());
          InitFaceVerifyResponseBody body;
          try {
            InitFaceVerifyResponse response = client.initFaceVerifyWithOptions(request, runtime());
            body = response == null ? null : response.getBody();
          } catch (Exception e) {
            throw failed("InitFaceVerify", e);
          }
          if (body == null) {
            throw failed("InitFaceVerify", null, null);
          }
          if (!AliyunIdVerificationErrors.OK.equals(body.getCode())) {
            throw failed("InitFaceVerify", body.getCode(), body.getRequestId());
          }
          String certifyId =
              body.getResultObject() == null ? null : body.getResultObject().getCertifyId();
          if (certifyId == null
              || certifyId.isBlank()
              || certifyId.length() > MAX_SESSION_ID
              || !certifyId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            log.warn(
                "Aliyun ID Verification InitFaceVerify answered no usable CertifyId (request {})",
                body.getRequestId());
            throw new ProviderUnavailableException(
                "Aliyun ID Verification InitFaceVerify answered no usable CertifyId");
          }
          log.info(
              "Aliyun ID Verification InitFaceVerify opened a session (request {})",
              body.getRequestId());
          return certifyId;
        });
  }

  @Override
  public Result fetchResult(String providerSessionId) {
    return guard.idempotent(
        () -> {
          DescribeFaceVerifyRequest request = new DescribeFaceVerifyRequest();
          request.setSceneId(settings.sceneId());
          request.setCertifyId(providerSessionId);
          DescribeFaceVerifyResponseBody body;
          try {
            DescribeFaceVerifyResponse response =
                client.describeFaceVerifyWithOptions(request, runtime());
            body = response == null ? null : response.getBody();
          } catch (Exception e) {
            throw failed("DescribeFaceVerify", e);
          }
          if (body == null) {
            throw failed("DescribeFaceVerify", null, null);
          }
          String code = body.getCode();
          if (AliyunIdVerificationErrors.NOT_FINISHED.contains(code)) {
            log.info(
                "Aliyun ID Verification capture not finished: {} (request {})",
                code,
                body.getRequestId());
            return new Result(Verdict.PENDING, null, null);
          }
          if (AliyunIdVerificationErrors.SESSION_GONE.contains(code)) {
            log.info(
                "Aliyun ID Verification session gives no verdict: {} (request {})",
                code,
                body.getRequestId());
            return new Result(Verdict.FAILED, null, null);
          }
          if (!AliyunIdVerificationErrors.OK.equals(code)) {
            throw failed("DescribeFaceVerify", code, body.getRequestId());
          }
          Result result = AliyunIdVerificationVerdicts.of(body.getResultObject());
          log.info(
              "Aliyun ID Verification verdict {} (subcode {}, request {})",
              result.verdict(),
              body.getResultObject() == null ? null : body.getResultObject().getSubCode(),
              body.getRequestId());
          return result;
        });
  }

  /** For operators' checks and tests: the breaker's state. */
  CircuitBreaker.State breakerState() {
    return guard.state();
  }

  /** Our guard retries, not the SDK: its own retries would hide failures from the breaker. */
  private RuntimeOptions runtime() {
    RuntimeOptions runtime = new RuntimeOptions();
    runtime.autoretry = false;
    runtime.maxAttempts = 1;
    runtime.connectTimeout = AliyunIdVerificationConfiguration.millis(settings.connectTimeout());
    runtime.readTimeout = AliyunIdVerificationConfiguration.millis(settings.readTimeout());
    return runtime;
  }

  private static ProviderUnavailableException failed(String action, Exception e) {
    if (e instanceof ProviderUnavailableException already) {
      return already;
    }
    // the SDK's message may quote the vendor's text or a response fragment: log the code only
    String code = e instanceof TeaException tea ? blankToNull(tea.getCode()) : null;
    Object requestId =
        e instanceof TeaException tea && tea.getData() != null
            ? tea.getData().get("RequestId")
            : null;
    log.warn(
        "Aliyun ID Verification {} failed: {} (request {}, {})",
        action,
        code == null ? "TRANSPORT" : code,
        requestId,
        e.getClass().getSimpleName());
    return AliyunIdVerificationErrors.technical(action, code);
  }

  private static ProviderUnavailableException failed(String action, String code, String requestId) {
    log.warn(
        "Aliyun ID Verification {} failed: {} (request {})",
        action,
        code == null ? "EMPTY_ANSWER" : code,
        requestId);
    return AliyunIdVerificationErrors.technical(action, code == null ? "EMPTY_ANSWER" : code);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
