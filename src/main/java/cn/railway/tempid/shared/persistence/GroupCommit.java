package cn.railway.tempid.shared.persistence;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.InfrastructureFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded group-commit writer: request threads hand in rows to write and wait; one writer thread
 * takes whatever has queued up (at most {@code maxBatch}) and writes it in one go ({@code
 * writeBatch}, which runs one transaction), then answers every waiting caller. Under load many
 * requests share one commit instead of paying one each; when idle a request waits for its own
 * commit only.
 *
 * <p>Nothing is answered before it is committed: {@link #write} returns only after the batch that
 * holds the item committed, so a crash can lose only items whose callers got no answer. When a
 * batch fails, each of its items is written again on its own, so one bad item fails only its own
 * caller (unless the database is unreachable: then the whole batch fails at once, each caller with
 * that failure, answered 503 by the problem handler). When the queue is full (the database cannot
 * keep up) or the commit takes longer than {@code maxWait}, the caller gets {@code 503
 * SERVICE_UNAVAILABLE} with {@code Retry-After}; an item that timed out may still be committed
 * afterwards (it was not answered, so nothing the caller was told is wrong).
 *
 * @param <T> what a caller hands in
 * @param <R> what it gets back once committed
 */
public final class GroupCommit<T, R> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** How long a caller is told to wait before trying again when the writer is full or slow. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private record Pending<T, R>(T item, CompletableFuture<R> answer) {}

  private final String name;
  private final BlockingQueue<Pending<T, R>> queue;
  private final int maxBatch;
  private final Duration maxWait;
  private final Function<List<T>, List<R>> writeBatch;
  private final Thread writer;
  private volatile boolean closing;

  /**
   * @param name the writer thread's name (logs and thread dumps)
   * @param capacity how many items may wait at most; more are answered 503
   * @param maxBatch how many items one commit takes at most
   * @param maxWait how long a caller waits for its commit before it is answered 503
   * @param writeBatch writes the items in one transaction and returns one answer per item, in
   *     order; throws if nothing was committed
   */
  public GroupCommit(
      String name,
      int capacity,
      int maxBatch,
      Duration maxWait,
      Function<List<T>, List<R>> writeBatch) {
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("capacity and maxBatch must be at least 1");
    }
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.maxWait = maxWait;
    this.writeBatch = writeBatch;
    this.writer = new Thread(this::run, name);
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Writes {@code item} with whatever else is waiting and returns its answer once committed.
   *
   * @throws ApiException 503 with Retry-After when the writer is full, closed or too slow
   * @throws RuntimeException what writing the item alone threw (e.g. the database is away)
   */
  public R write(T item) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    if (closing || !queue.offer(new Pending<>(item, answer))) {
      throw ApiException.serviceUnavailable(RETRY_AFTER);
    }
    try {
      return answer.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      throw ApiException.serviceUnavailable(RETRY_AFTER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.serviceUnavailable(RETRY_AFTER);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(name + " failed", e.getCause());
    }
  }

  /** Items waiting for a commit now. */
  public int backlog() {
    return queue.size();
  }

  private void run() {
    List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        if (closing) {
          // close() waits for the queue to drain first; an interrupt here means give up now
          queue.drainTo(batch);
          batch.forEach(p -> p.answer().completeExceptionally(unavailable()));
          return;
        }
      } catch (RuntimeException | Error unexpected) {
        log.error("{}: a batch failed unexpectedly", name, unexpected);
        batch.forEach(p -> p.answer().completeExceptionally(unexpected));
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending<T, R>> batch) {
    List<R> answers;
    try {
      answers = writeBatch.apply(items(batch));
    } catch (RuntimeException batchFailed) {
      if (batch.size() == 1
          || InfrastructureFailures.classify(batchFailed)
              == InfrastructureFailures.Kind.DATABASE_UNAVAILABLE) {
        // one item, or the database is away: every item would fail the same way, each after its
        // own time-out
        batch.forEach(p -> p.answer().completeExceptionally(batchFailed));
        return;
      }
      alone(batch);
      return;
    }
    answer(batch, answers);
  }

  /** One item may have failed the whole batch: each on its own, so it fails only its caller. */
  private void alone(List<Pending<T, R>> batch) {
    for (Pending<T, R> p : batch) {
      List<R> answers;
      try {
        answers = writeBatch.apply(List.of(p.item()));
      } catch (RuntimeException itemFailed) {
        p.answer().completeExceptionally(itemFailed);
        continue;
      }
      answer(List.of(p), answers);
    }
  }

  private List<T> items(List<Pending<T, R>> batch) {
    List<T> items = new ArrayList<>(batch.size());
    batch.forEach(p -> items.add(p.item()));
    return items;
  }

  private void answer(List<Pending<T, R>> batch, List<R> answers) {
    if (answers.size() != batch.size()) {
      throw new IllegalStateException(
          name + ": " + answers.size() + " answers for " + batch.size() + " items");
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).answer().complete(answers.get(i));
    }
  }

  private static ApiException unavailable() {
    return ApiException.serviceUnavailable(RETRY_AFTER);
  }

  /**
   * Takes no more items, writes those already waiting, and stops the writer (waits at most {@code
   * maxWait} for it).
   */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(Math.max(1, maxWait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      writer.interrupt();
    }
  }
}
