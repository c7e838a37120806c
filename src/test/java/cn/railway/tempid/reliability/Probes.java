package cn.railway.tempid.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load balancer's health checks: every {@value #INTERVAL_MILLIS} ms each node's readiness and
 * liveness probes, each with a {@value #TIMEOUT_SECONDS}-s timeout, recorded as {@code
 * readiness}/{@code liveness} entries (what = probe name, node in the reply). Bounded: runs until
 * {@link #close()}.
 */
final class Probes implements AutoCloseable {
  static final long INTERVAL_MILLIS = 100;
  static final long TIMEOUT_SECONDS = 5;
  static final String READINESS = "/actuator/health/readiness";
  static final String LIVENESS = "/actuator/health/liveness";

  private final Answers answers = new Answers();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  Probes(List<ServiceNode> nodes) {
    for (ServiceNode node : nodes) {
      for (String path : List.of(READINESS, LIVENESS)) {
        Thread t = new Thread(() -> probe(node, path), "probe " + node.name() + path);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
    }
  }

  private void probe(ServiceNode node, String path) {
    while (running.get()) {
      long sent = System.nanoTime();
      answers.record(
          path,
          sent,
          Client.get(node.name(), node.baseUrl(), path, Duration.ofSeconds(TIMEOUT_SECONDS)));
      long rest = INTERVAL_MILLIS - (System.nanoTime() - sent) / 1_000_000;
      if (rest > 0) {
        Journeys.sleep(Duration.ofMillis(rest));
      }
    }
  }

  /** The probes of {@code path} on {@code node}, in the order they were sent. */
  List<Answers.Entry> of(String path, String node) {
    return answers.filter(e -> e.what().equals(path) && e.reply().node().equals(node)).stream()
        .sorted(java.util.Comparator.comparingLong(Answers.Entry::sentNanos))
        .toList();
  }

  /**
   * Milliseconds from {@code fromNanos} until the first probe sent after it was answered with
   * {@code status}; -1 when none was.
   */
  long firstAnswer(String path, String node, long fromNanos, int status) {
    return of(path, node).stream()
        .filter(e -> e.sentNanos() >= fromNanos && e.reply().status() == status)
        .findFirst()
        .map(e -> (e.answeredNanos() - fromNanos) / 1_000_000)
        .orElse(-1L);
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(TIMEOUT_SECONDS + 2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
