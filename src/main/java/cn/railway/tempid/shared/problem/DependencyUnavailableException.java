package cn.railway.tempid.shared.problem;

import java.time.Duration;

/**
 * A remote system a request needs (a verification provider, the registry) cannot answer now: a
 * technical failure, never a business answer. Answered {@code 503 SERVICE_UNAVAILABLE} with {@code
 * Retry-After}; in a process step it fails the job, which the engine retries. The message is for
 * logs and holds codes only, never personal data.
 */
public class DependencyUnavailableException extends RuntimeException {
  /** When to try again unless the failing part says otherwise. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  private final Duration retryAfter;

  public DependencyUnavailableException(String message) {
    this(message, DEFAULT_RETRY_AFTER);
  }

  public DependencyUnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** The answer a caller gets: 503 SERVICE_UNAVAILABLE, Retry-After in whole seconds (≥ 1). */
  public ApiException toProblem() {
    return ApiException.serviceUnavailable(retryAfter);
  }
}
