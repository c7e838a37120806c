package cn.railway.tempid.shared.shedding;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Requests that found no place and wait a few milliseconds for one ({@link Admission#admit}): each
 * place given back wakes them, and they try again until their wait runs out.
 */
final class WaitingForPlaces {
  private final AtomicInteger waiting = new AtomicInteger();
  private final Object placeGivenBack = new Object();

  /** {@code attempt} again after each place given back, until it succeeds or {@code maxWait}. */
  <T> Optional<T> await(Supplier<Optional<T>> attempt, long maxWaitNanos) {
    long deadline = System.nanoTime() + maxWaitNanos;
    Optional<T> got = Optional.empty();
    waiting.incrementAndGet();
    try {
      while (got.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        synchronized (placeGivenBack) {
          // in slices: a place given back between the attempt and this wait is found by the next
          placeGivenBack.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 5)));
        }
        got = attempt.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
    return got;
  }

  /** A place was given back: wake whoever waits. */
  void placeGivenBack() {
    if (waiting.get() > 0) {
      synchronized (placeGivenBack) {
        placeGivenBack.notifyAll();
      }
    }
  }

  int waiting() {
    return waiting.get();
  }
}
