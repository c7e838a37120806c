package cn.railway.tempid.shared.resilience;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The guard around every call to one remote provider (resilience4j, used programmatically): a
 * bulkhead (at most so many calls in flight), a circuit breaker that opens on technical failures
 * and closes again after trial calls succeed, and, for idempotent calls only, retries with
 * exponential backoff. Timeouts are the adapter's HTTP client's.
 *
 * <p>Only {@link DependencyUnavailableException}s that {@code countsAgainstProvider} accepts are
 * failures of the provider: business answers return normally, and refusals caused by one caller's
 * data never open the breaker for everyone. The breaker reads the project's one clock, so a moved
 * clock re-opens it for trial calls. Its state is exported as {@code
 * resilience4j.circuitbreaker.state{name}}.
 */
public final class ProviderGuard {
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final Retry retry;
  private final Duration openFor;
  private final BiFunction<String, Duration, ? extends DependencyUnavailableException> unavailable;

  /**
   * @param name the provider, as metrics and logs show it (e.g. {@code liveness-tencent})
   * @param unavailable makes the port's technical-failure exception (message, Retry-After)
   */
  public ProviderGuard(
      String name,
      ResilienceSettings settings,
      Clock clock,
      MeterRegistry meters,
      Predicate<DependencyUnavailableException> countsAgainstProvider,
      BiFunction<String, Duration, ? extends DependencyUnavailableException> unavailable) {
    this.openFor = settings.openFor();
    this.unavailable = unavailable;
    CircuitBreakerConfig breakerConfig =
        CircuitBreakerConfig.custom()
            .clock(clock)
            .failureRateThreshold(settings.failureRateThreshold())
            .minimumNumberOfCalls(settings.minimumCalls())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.slidingWindowSize())
            .waitDurationInOpenState(settings.openFor())
            .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
            .recordException(
                e -> e instanceof DependencyUnavailableException d && countsAgainstProvider.test(d))
            // neither a failure nor a success: says nothing about the provider's health
            .ignoreException(
                e ->
                    e instanceof DependencyUnavailableException d && !countsAgainstProvider.test(d))
            .build();
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig);
    this.breaker = breakers.circuitBreaker(name);
    if (meters != null) {
      TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }
    this.bulkhead =
        Bulkhead.of(
            name,
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxWaitForSlot())
                .build());
    this.retry =
        Retry.of(
            name,
            RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2.0))
                // technical failures only; an open breaker or a full bulkhead fails at once
                .retryOnException(e -> e instanceof DependencyUnavailableException)
                .build());
  }

  /** A call that must not be repeated (starting a session): bulkhead and breaker, no retry. */
  public <T> T once(Supplier<T> call) {
    return translated(guarded(call));
  }

  /** An idempotent call (fetching a verdict, a lookup): retried with backoff when it fails. */
  public <T> T idempotent(Supplier<T> call) {
    return translated(Retry.decorateSupplier(retry, guarded(call)));
  }

  public CircuitBreaker.State state() {
    return breaker.getState();
  }

  /**
   * False while the breaker refuses every call at once (open, or forced open). Once the open time
   * has passed, the breaker lets trial calls through (half-open), so it accepts them again: asking
   * makes that transition (a permission taken and given back, no call counted).
   */
  public boolean acceptsCalls() {
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.FORCED_OPEN) {
      return false;
    }
    if (state != CircuitBreaker.State.OPEN) {
      return true;
    }
    if (breaker.tryAcquirePermission()) {
      breaker.releasePermission();
      return true;
    }
    return false;
  }

  private <T> Supplier<T> guarded(Supplier<T> call) {
    return CircuitBreaker.decorateSupplier(breaker, Bulkhead.decorateSupplier(bulkhead, call));
  }

  /** An open breaker or a full bulkhead refuses at once, as the port's technical failure. */
  private <T> T translated(Supplier<T> call) {
    try {
      return call.get();
    } catch (CallNotPermittedException open) {
      throw unavailable.apply(breaker.getName() + ": circuit breaker open", openFor);
    } catch (BulkheadFullException full) {
      throw unavailable.apply(breaker.getName() + ": too many calls in flight", null);
    }
  }
}
