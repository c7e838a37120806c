package cn.railway.tempid.shared.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import cn.railway.tempid.shared.time.AdjustableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard every provider adapter uses: bulkhead, retries for idempotent calls only. */
class ProviderGuardTest {
  final AdjustableClock clock = AdjustableClock.systemUtc();

  ProviderGuard guard(int maxConcurrent, int attempts) {
    return new ProviderGuard(
        "test",
        new ResilienceSettings(
            50,
            10,
            10,
            Duration.ofSeconds(30),
            2,
            maxConcurrent,
            Duration.ZERO,
            attempts,
            Duration.ofMillis(1)),
        clock,
        null,
        e -> true,
        DependencyUnavailableException::new);
  }

  @Test
  void callsBeyondTheBulkheadLimit_areRefusedAtOnce_asUnavailable() throws Exception {
    ProviderGuard guard = guard(1, 1);
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                guard.idempotent(
                    () -> {
                      inFlight.countDown();
                      await(release);
                      return "first";
                    }));
    assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> guard.once(() -> "second"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("too many calls in flight");
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(guard.once(() -> "third")).isEqualTo("third");
  }

  @Test
  void idempotentCalls_areRetried_onceOnlyCallsAreNot() {
    ProviderGuard guard = guard(10, 3);
    AtomicInteger idempotentCalls = new AtomicInteger();
    AtomicInteger onceCalls = new AtomicInteger();

    assertThat(
            guard.idempotent(
                () -> {
                  if (idempotentCalls.incrementAndGet() < 3) {
                    throw new DependencyUnavailableException("down");
                  }
                  return "answer";
                }))
        .isEqualTo("answer");
    assertThatThrownBy(
            () ->
                guard.once(
                    () -> {
                      onceCalls.incrementAndGet();
                      throw new DependencyUnavailableException("down");
                    }))
        .isInstanceOf(DependencyUnavailableException.class);

    assertThat(idempotentCalls).hasValue(3);
    assertThat(onceCalls).hasValue(1);
  }

  @Test
  void otherExceptions_areNotRetried() {
    ProviderGuard guard = guard(10, 3);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                guard.idempotent(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("a bug of ours");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
