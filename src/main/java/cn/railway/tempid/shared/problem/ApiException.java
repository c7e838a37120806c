package cn.railway.tempid.shared.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal answered as RFC 9457 problem details. The detail and the extra properties are shown to
 * the caller: they must never carry personal data.
 */
public class ApiException extends RuntimeException {
  /**
   * Property of a refusal that may be retried later; also sent as the {@code Retry-After} header.
   */
  public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

  private final ProblemCode code;
  private final Map<String, Object> properties;

  public ApiException(ProblemCode code) {
    this(code, code.messageEn(), Map.of());
  }

  public ApiException(ProblemCode code, String detail) {
    this(code, detail, Map.of());
  }

  public ApiException(ProblemCode code, String detail, Map<String, Object> properties) {
    super(detail);
    this.code = code;
    this.properties = new LinkedHashMap<>(properties);
  }

  public ProblemCode code() {
    return code;
  }

  public Map<String, Object> properties() {
    return properties;
  }

  /**
   * 400 {@link ProblemCode#VALIDATION_FAILED} about one field, with the {@code errors} list every
   * validation problem carries (API.md, Conventions). {@code message} is the detail too.
   */
  public static ApiException invalidField(String field, String code, String message) {
    return new ApiException(
        ProblemCode.VALIDATION_FAILED,
        message,
        Map.of("errors", List.of(new FieldError(field, code, message))));
  }

  public static ApiException notFound() {
    return new ApiException(ProblemCode.NOT_FOUND);
  }

  /** 429 {@link ProblemCode#RATE_LIMITED}: try again in {@code retryAfter} (at least 1 s). */
  public static ApiException rateLimited(java.time.Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ApiException(
        ProblemCode.RATE_LIMITED,
        ProblemCode.RATE_LIMITED.messageEn(),
        Map.of(RETRY_AFTER_SECONDS, seconds));
  }

  /**
   * 503 {@link ProblemCode#SERVICE_UNAVAILABLE}: a dependency the request needs is down; try again
   * in {@code retryAfter} (at least 1 s).
   */
  public static ApiException serviceUnavailable(java.time.Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ApiException(
        ProblemCode.SERVICE_UNAVAILABLE,
        ProblemCode.SERVICE_UNAVAILABLE.messageEn(),
        Map.of(RETRY_AFTER_SECONDS, seconds));
  }

  public static ApiException unauthenticated() {
    return new ApiException(ProblemCode.UNAUTHENTICATED);
  }
}
