package cn.railway.tempid.shared.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * A change reaches a waiting long poll more than once on PostgreSQL (at the commit on its own node
 * and again by the NOTIFY), and several changes can come while it reads: each burst costs one more
 * read of the resource, not one read per signal, and no change is missed.
 */
class LongPollSignalsTest {
  final ChangeSignals signals = new ChangeSignals(h2(), new DataSourceProperties());
  final LongPoll poll =
      new LongPoll(
          signals, new SimpleMeterRegistry(), new LongPollProperties(Duration.ofSeconds(30), 2));

  static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:long-poll-signals");
    return h2;
  }

  /** The application as the long poll reads it: a read sees the state it began with. */
  static final class Application implements Supplier<String> {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<String> state = new AtomicReference<>("UNDER_REVIEW");
    final CountDownLatch secondReadStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    /** The second read (the first re-read) waits until released. */
    @Override
    public String get() {
      String seen = state.get();
      if (reads.incrementAndGet() == 2) {
        secondReadStarted.countDown();
        awaitQuietly(release);
      }
      return seen;
    }
  }

  final Application application = new Application();

  @Test
  void signalsThatArriveWhileAReReadRuns_costOneMoreReadAtMost() throws Exception {
    DeferredResult<ResponseEntity<String>> answer = waitingAnswer(application);

    application.state.set("ISSUED");
    signals.wake("application-1"); // the commit, heard on this node
    assertThat(application.secondReadStarted.await(5, TimeUnit.SECONDS)).isTrue();
    signals.wake("application-1"); // the same commit again, by its NOTIFY
    signals.wake("application-1");
    try {
      // a read for each signal would start on the second re-read thread now
      await().atMost(Duration.ofMillis(500)).until(() -> application.reads.get() > 2);
    } catch (ConditionTimeoutException none) {
      // none started: the signals wait for the read that runs
    }
    application.release.countDown();

    assertThat(answeredWith(answer)).isEqualTo("ISSUED");
    assertThat(application.reads.get()).as("the first read and one re-read").isEqualTo(2);
  }

  @Test
  void aChangeThatArrivesWhileAReReadFindsNothingNew_isReadAfterIt() throws Exception {
    DeferredResult<ResponseEntity<String>> answer = waitingAnswer(application);

    signals.wake("application-1"); // a change the answer does not show
    assertThat(application.secondReadStarted.await(5, TimeUnit.SECONDS)).isTrue();
    application.state.set("ISSUED");
    signals.wake("application-1"); // the change that matters, while that read runs
    application.release.countDown();

    assertThat(answeredWith(answer)).isEqualTo("ISSUED");
    assertThat(application.reads.get()).isEqualTo(3);
  }

  private static Object answeredWith(DeferredResult<ResponseEntity<String>> answer) {
    await().atMost(Duration.ofSeconds(5)).until(answer::hasResult);
    return ((ResponseEntity<?>) answer.getResult()).getBody();
  }

  @SuppressWarnings("unchecked")
  private DeferredResult<ResponseEntity<String>> waitingAnswer(Supplier<String> read) {
    Object answer = poll.answer("wait=20", "application-1", read, s -> s.equals("ISSUED"));
    assertThat(answer).isInstanceOf(DeferredResult.class);
    return (DeferredResult<ResponseEntity<String>>) answer;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
