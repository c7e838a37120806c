package cn.railway.tempid.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The verification writer's contract: a caller is answered only after the batch holding its item
 * was written; callers waiting at the same time share one write; a full or slow writer answers 503
 * with Retry-After; one bad item fails only its own caller; closing writes what is waiting.
 */
class GroupCommitTest {
  /** A batch writer that waits for {@link #open} and records each batch it wrote. */
  static final class Gate implements Function<List<String>, List<String>> {
    final CountDownLatch open = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<List<String>> written = new CopyOnWriteArrayList<>();
    volatile boolean databaseAway;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public List<String> apply(List<String> items) {
      entered.countDown();
      try {
        if (!open.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (items.contains("bad")) {
        throw new IllegalStateException("constraint violated");
      }
      if (databaseAway) {
        calls.incrementAndGet();
        throw new CannotGetJdbcConnectionException(
            "no connection", new SQLTransientConnectionException("pool timed out"));
      }
      written.add(List.copyOf(items));
      return items.stream().map(i -> "committed " + i).toList();
    }
  }

  final List<GroupCommit<String, String>> writers = new ArrayList<>();

  GroupCommit<String, String> writer(int capacity, Duration maxWait, Gate gate) {
    GroupCommit<String, String> w = new GroupCommit<>("test-writer", capacity, 64, maxWait, gate);
    writers.add(w);
    return w;
  }

  @AfterEach
  void close() {
    writers.forEach(GroupCommit::close);
    callers.shutdownNow();
  }

  /** Each caller on a thread of its own (the common pool may have only one on 2 cores). */
  final ExecutorService callers = Executors.newCachedThreadPool();

  CompletableFuture<String> async(GroupCommit<String, String> w, String item) {
    return CompletableFuture.supplyAsync(() -> w.write(item), callers);
  }

  /** Waits until {@code n} items wait in the queue (the writer holds its batch at the gate). */
  static void awaitBacklog(GroupCommit<String, String> w, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (w.backlog() < n && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(w.backlog()).isEqualTo(n);
  }

  @Test
  void aCallerIsAnsweredOnlyAfterItsBatchWasWritten() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofSeconds(10), gate);
    CompletableFuture<String> answer = async(w, "a");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(answer).isNotDone();
    gate.open.countDown();
    assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("committed a");
    assertThat(gate.written).containsExactly(List.of("a"));
  }

  @Test
  void callersWaitingAtTheSameTimeShareOneWrite() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofSeconds(10), gate);
    CompletableFuture<String> first = async(w, "first");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waiting.add(async(w, "item-" + i));
    }
    awaitBacklog(w, 7);
    gate.open.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("committed first");
    for (int i = 0; i < 7; i++) {
      assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).startsWith("committed item-");
    }
    assertThat(gate.written).hasSize(2);
    assertThat(gate.written.get(1)).hasSize(7);
  }

  @Test
  void aFullWriterAnswers503WithRetryAfterAtOnce() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(1, Duration.ofSeconds(10), gate);
    CompletableFuture<String> inTheWriter = async(w, "a");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> queued = async(w, "b");
    awaitBacklog(w, 1);
    assertThatThrownBy(() -> w.write("c"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
              assertThat(e.properties()).containsEntry(ApiException.RETRY_AFTER_SECONDS, 1L);
            });
    gate.open.countDown();
    assertThat(inTheWriter.get(10, TimeUnit.SECONDS)).isEqualTo("committed a");
    assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("committed b");
    assertThat(gate.written).noneMatch(batch -> batch.contains("c"));
  }

  @Test
  void aWriteSlowerThanTheCallerMayWaitIsAnswered503() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofMillis(200), gate);
    assertThatThrownBy(() -> w.write("a"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));
    gate.open.countDown();
  }

  @Test
  void oneBadItemFailsOnlyItsOwnCaller() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofSeconds(10), gate);
    CompletableFuture<String> first = async(w, "first");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> good1 = async(w, "good-1");
    awaitBacklog(w, 1);
    CompletableFuture<String> bad = async(w, "bad");
    awaitBacklog(w, 2);
    CompletableFuture<String> good2 = async(w, "good-2");
    awaitBacklog(w, 3);
    gate.open.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("committed first");
    assertThat(good1.get(10, TimeUnit.SECONDS)).isEqualTo("committed good-1");
    assertThat(good2.get(10, TimeUnit.SECONDS)).isEqualTo("committed good-2");
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("constraint violated");
    // the failed batch wrote nothing; then each item alone
    assertThat(gate.written)
        .containsExactly(List.of("first"), List.of("good-1"), List.of("good-2"));
  }

  @Test
  void whenTheDatabaseIsAway_theWholeBatchFailsAtOnce_notItemByItem() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofSeconds(10), gate);
    CompletableFuture<String> first = async(w, "first");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    gate.databaseAway = true;
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(async(w, "item-" + i));
      awaitBacklog(w, i + 1);
    }
    gate.open.countDown();
    for (CompletableFuture<String> f : waiting) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
    }
    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
    // the first batch (one item) and the batch of the five: two attempts, not one per item
    assertThat(gate.calls).hasValue(2);
  }

  @Test
  void closingWritesWhatIsWaitingAndTakesNothingMore() throws Exception {
    Gate gate = new Gate();
    GroupCommit<String, String> w = writer(16, Duration.ofSeconds(10), gate);
    CompletableFuture<String> first = async(w, "first");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiting = async(w, "waiting");
    awaitBacklog(w, 1);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(w::close, callers);
    Thread.sleep(100);
    assertThatThrownBy(() -> w.write("late"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));
    gate.open.countDown();
    closed.get(10, TimeUnit.SECONDS);
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("committed first");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("committed waiting");
  }
}
