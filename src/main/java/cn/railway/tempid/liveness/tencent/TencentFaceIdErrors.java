package cn.railway.tempid.liveness.tencent;

import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import java.util.Set;

/**
 * How Tencent Cloud's error codes ({@code Response.Error.Code}, and the SDK's own for transport
 * failures) map to our outcomes. The table in docs/providers.md is this class in prose.
 */
final class TencentFaceIdErrors {
  private TencentFaceIdErrors() {}

  /**
   * The session cannot give a verdict any more (the BizToken expired after its 3 days, or is not
   * known): a business answer, the attempt failed.
   */
  static final Set<String> SESSION_GONE =
      Set.of(
          "InvalidParameterValue.BizTokenExpired",
          "InvalidParameterValue.BizTokenIllegal",
          "ResourceNotFound");

  /**
   * Refusals caused by one person's data or limits, not by the provider's health: still no session
   * (503), but they never open the circuit breaker for everyone.
   */
  static final Set<String> CALLER_SPECIFIC =
      Set.of(
          "FailedOperation.IdFormatError",
          "FailedOperation.NameFormatError",
          "FailedOperation.IdNameMisMatch",
          "FailedOperation.IdNoExistSystem",
          "FailedOperation.IdPhotoNoExist",
          "FailedOperation.IdentityAuthLimitExceeded");

  static boolean sessionGone(String code) {
    return code != null && (SESSION_GONE.contains(code) || code.startsWith("ResourceNotFound."));
  }

  /** Every other code is a technical failure (throttling, 5xx, timeouts, malformed answers). */
  static ProviderUnavailableException technical(String action, String code) {
    String what = "Tencent FaceID " + action + " failed: " + (code == null ? "TRANSPORT" : code);
    return code != null && CALLER_SPECIFIC.contains(code)
        ? new CallerSpecific(what)
        : new ProviderUnavailableException(what);
  }

  /** A technical refusal that says nothing about the provider's health. */
  static final class CallerSpecific extends ProviderUnavailableException {
    CallerSpecific(String message) {
      super(message);
    }
  }
}
