package cn.railway.tempid.liveness.aliyun;

import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import java.util.Set;

/**
 * How ID Verification's answer codes (the body's {@code Code}; HTTP errors and transport failures
 * through the SDK) map to our outcomes. The table in docs/providers.md is this class in prose.
 */
final class AliyunIdVerificationErrors {
  private AliyunIdVerificationErrors() {}

  static final String OK = "200";

  /**
   * {@code DescribeFaceVerify}: the capture is not finished (424 no record yet, 403 unfinished).
   */
  static final Set<String> NOT_FINISHED = Set.of("424", "403");

  /**
   * {@code DescribeFaceVerify}: the session can give no verdict (406 unknown CertifyId) or was
   * refused by the vendor's risk control (427): a business answer, the attempt failed.
   */
  static final Set<String> SESSION_GONE = Set.of("406", "427");

  /**
   * Refusals caused by one person's data, device or limits, not by the provider's health: still no
   * session (503), but they never open the circuit breaker for everyone. 401 malformed name or ID
   * number, 414–416 device / SDK / OS not supported, 417 no authoritative source for this identity,
   * 418 too many face checks of this person today.
   */
  static final Set<String> CALLER_SPECIFIC = Set.of("401", "414", "415", "416", "417", "418");

  /** Every other code is a technical failure (400, 402, 404, 410–412 configuration, 500, HTTP). */
  static ProviderUnavailableException technical(String action, String code) {
    String what =
        "Aliyun ID Verification " + action + " failed: " + (code == null ? "TRANSPORT" : code);
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
