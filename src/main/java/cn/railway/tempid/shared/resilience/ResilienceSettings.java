package cn.railway.tempid.shared.resilience;

import java.time.Duration;

/**
 * How one remote provider is guarded (docs/providers.md, "Resilience"). Bound from {@code
 * tempid.<feature>.<provider>.resilience.*}; every field has a default, none is a secret.
 *
 * @param failureRateThreshold percent of technical failures in the window that opens the breaker
 * @param minimumCalls calls in the window before the rate is judged
 * @param slidingWindowSize the last this many calls make the window
 * @param openFor how long an open breaker refuses calls at once (then lets a few through); also the
 *     {@code Retry-After} of a refusal while open
 * @param halfOpenCalls trial calls let through after {@code openFor}; all must succeed to close
 * @param maxConcurrentCalls bulkhead: calls to this provider in flight at once
 * @param maxWaitForSlot bulkhead: how long a call waits for a free slot before it is refused
 * @param retryAttempts attempts in all for idempotent calls (fetching a verdict, a lookup); 1 = no
 *     retry. Starting a session is never retried
 * @param retryBackoff wait before the second attempt, doubled before each further one
 */
public record ResilienceSettings(
    Integer failureRateThreshold,
    Integer minimumCalls,
    Integer slidingWindowSize,
    Duration openFor,
    Integer halfOpenCalls,
    Integer maxConcurrentCalls,
    Duration maxWaitForSlot,
    Integer retryAttempts,
    Duration retryBackoff) {

  public ResilienceSettings {
    failureRateThreshold = orDefault(failureRateThreshold, 50);
    minimumCalls = orDefault(minimumCalls, 10);
    slidingWindowSize = orDefault(slidingWindowSize, 20);
    openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
    halfOpenCalls = orDefault(halfOpenCalls, 3);
    maxConcurrentCalls = orDefault(maxConcurrentCalls, 20);
    maxWaitForSlot = maxWaitForSlot == null ? Duration.ofMillis(100) : maxWaitForSlot;
    retryAttempts = orDefault(retryAttempts, 3);
    retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
    if (failureRateThreshold < 1 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failure-rate-threshold must be 1..100 (percent)");
    }
    if (minimumCalls < 1 || slidingWindowSize < 1 || halfOpenCalls < 1) {
      throw new IllegalArgumentException(
          "minimum-calls, sliding-window-size and half-open-calls must be at least 1");
    }
    if (retryBackoff.toMillis() < 1 || openFor.toMillis() < 1 || maxWaitForSlot.isNegative()) {
      throw new IllegalArgumentException(
          "retry-backoff and open-for must be at least 1 ms, max-wait-for-slot not negative");
    }
    if (maxConcurrentCalls < 1 || retryAttempts < 1) {
      throw new IllegalArgumentException(
          "max-concurrent-calls and retry-attempts must be at least 1");
    }
  }

  /** Every default. */
  public static ResilienceSettings defaults() {
    return new ResilienceSettings(null, null, null, null, null, null, null, null, null);
  }

  private static Integer orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
