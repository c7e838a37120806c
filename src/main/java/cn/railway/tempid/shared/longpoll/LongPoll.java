package cn.railway.tempid.shared.longpoll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code Prefer: wait=N} (RFC 7240) on a GET: without the preference (or with {@code wait=0}) the
 * answer is the plain one, read at once. With it, the resource is read; if it is settled the answer
 * is given at once, otherwise the request waits (servlet async: no thread held) until a committed
 * change of its key gives a different representation, or N seconds (capped at {@code
 * tempid.long-poll.max-wait}) pass, and is then answered with the representation of that moment.
 * Either way the answer carries {@code Preference-Applied: wait=N} with the N applied.
 */
@Component
@EnableConfigurationProperties(LongPollProperties.class)
public class LongPoll {
  public static final String PREFER = "Prefer";
  public static final String PREFERENCE_APPLIED = "Preference-Applied";
  private static final Pattern WAIT =
      Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?(?=$|[,;\\s])");

  private final ChangeSignals signals;
  private final Duration maxWait;
  private final ExecutorService rereads;
  private final Counter rereadCount;

  LongPoll(ChangeSignals signals, MeterRegistry meters, LongPollProperties settings) {
    this.signals = signals;
    this.maxWait = settings.maxWait();
    int rereadThreads = settings.rereadThreads();
    this.rereadCount =
        Counter.builder("tempid.long-poll.rereads")
            .description(
                "Reads of a waiting long poll after its first: a change of its key was signalled,"
                    + " or its wait ran out (each one read of the resource)")
            .register(meters);
    // a change re-reads the resource off the signalling thread; the queue is bounded: when it is
    // full the waiter stays and is answered at its time-out instead
    this.rereads =
        new ThreadPoolExecutor(
            rereadThreads,
            rereadThreads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "long-poll-reread");
              t.setDaemon(true);
              return t;
            });
  }

  /** The seconds of a {@code wait} preference, capped; 0 when there is none. */
  public long waitSeconds(String prefer) {
    if (prefer == null) {
      return 0;
    }
    Matcher m = WAIT.matcher(prefer.toLowerCase(java.util.Locale.ROOT));
    if (!m.find()) {
      return 0;
    }
    return Math.min(Long.parseLong(m.group(1)), maxWait.toSeconds());
  }

  /**
   * The answer to a GET of {@code key}: {@code read} itself without a wait preference (unchanged),
   * otherwise a {@link DeferredResult} as described above. {@code read} runs once at once (its
   * exceptions, e.g. a 404, are thrown here) and again after each change and at the time-out.
   */
  public <T> Object answer(String prefer, String key, Supplier<T> read, Predicate<T> settled) {
    long seconds = waitSeconds(prefer);
    if (seconds <= 0) {
      return read.get();
    }
    String applied = "wait=" + seconds;
    AtomicReference<T> seen = new AtomicReference<>();
    AtomicBoolean answered = new AtomicBoolean();
    AtomicBoolean signalled = new AtomicBoolean();
    // signals not yet answered by a read: a change arrives twice on PostgreSQL (at the commit on
    // this node and by its NOTIFY), and signals that come while a re-read is queued or running
    // are answered by one more read after it, not by a read each
    AtomicInteger pending = new AtomicInteger();
    DeferredResult<ResponseEntity<T>> result = new DeferredResult<>(seconds * 1000);
    Runnable reread =
        () -> {
          int taken = pending.get();
          while (true) {
            T before = seen.get();
            // before the first read there is nothing to compare with (it is read again after it)
            if (before != null && !answered.get()) {
              try {
                rereadCount.increment();
                T now = read.get();
                if (!Objects.equals(now, before) && answered.compareAndSet(false, true)) {
                  result.setResult(ok(now, applied));
                }
              } catch (RuntimeException e) {
                if (answered.compareAndSet(false, true)) {
                  result.setErrorResult(e);
                }
              }
            }
            if (pending.addAndGet(-taken) == 0) {
              return;
            }
            taken = pending.get();
          }
        };
    Runnable onSignal =
        () -> {
          signalled.set(true);
          if (pending.getAndIncrement() == 0) {
            try {
              rereads.execute(reread);
            } catch (RejectedExecutionException full) {
              pending.set(0); // answered at the time-out
            }
          }
        };
    // listen before the first read: a change between the two is not missed
    AutoCloseable registration = signals.onChange(key, onSignal);
    T first;
    try {
      first = read.get();
    } catch (RuntimeException e) {
      close(registration);
      throw e;
    }
    if (settled.test(first)) {
      close(registration);
      return ok(first, applied);
    }
    seen.set(first);
    if (signalled.get()) {
      onSignal.run(); // a change committed while the first read ran
    }
    result.onTimeout(
        () -> {
          if (answered.compareAndSet(false, true)) {
            try {
              rereadCount.increment();
              result.setResult(ok(read.get(), applied));
            } catch (RuntimeException e) {
              result.setErrorResult(e);
            }
          }
        });
    result.onCompletion(() -> close(registration));
    result.onError(e -> close(registration));
    return result;
  }

  private static <T> ResponseEntity<T> ok(T body, String applied) {
    return ResponseEntity.ok()
        .header(PREFERENCE_APPLIED, applied)
        .header("Vary", PREFER)
        .body(body);
  }

  private static void close(AutoCloseable registration) {
    try {
      registration.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @PreDestroy
  void stop() {
    rereads.shutdownNow();
  }
}
