package cn.railway.tempid.reliability;

import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passenger journeys spread over the nodes, as apps behind a load balancer make them: a person in
 * the simulated registry, a guest submission (with an {@code Idempotency-Key}) on one node, the
 * simulated face check on the next, polling on alternating nodes until the certificate is issued.
 *
 * <p>A client retries what got no answer or a 503 (after {@code Retry-After}, at most 2 s) on the
 * next node that is up, like an app behind a load balancer, until the journey's deadline. Every
 * request and answer is recorded in {@link #answers()}. Each journey is a new person.
 */
final class Journeys {
  static final String NAME = "测试";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Set<String> TERMINAL = Set.of("ISSUED", "REJECTED", "FAILED", "ABANDONED");
  private static final Set<String> ID_NUMBERS = ConcurrentHashMap.newKeySet();

  private final Cluster cluster;
  private final Answers answers = new Answers();
  private final Duration deadline;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();
  private final List<Journey> started = java.util.Collections.synchronizedList(new ArrayList<>());

  Journeys(Cluster cluster, Duration deadline) {
    this.cluster = cluster;
    this.deadline = deadline;
  }

  Answers answers() {
    return answers;
  }

  int accepted() {
    return accepted.get();
  }

  int issued() {
    return issued.get();
  }

  /** Every journey started so far (also those still running). */
  List<Journey> started() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /** What became of one journey, as its client saw it. */
  static final class Journey {
    final int index;
    final String idNumber = uniqueIdNumber();
    final String idempotencyKey = UUID.randomUUID().toString();
    volatile String applicationId;
    volatile String applicantToken;
    volatile String livenessSession;
    volatile int submitStatus;
    volatile String submitCode;

    /** When the first submission request of the journey was sent (0 before). */
    volatile long submitSentNanos;

    volatile long acceptedNanos;
    volatile String status;
    volatile long finishedNanos;
    volatile String certificateId;
    volatile String failure;
    final Set<String> nodesWithoutAnswer = ConcurrentHashMap.newKeySet();

    Journey(int index) {
      this.index = index;
    }

    boolean accepted() {
      return submitStatus == 201;
    }

    boolean issued() {
      return "ISSUED".equals(status);
    }

    /** The submission was committed but its answer was lost (a retry found it in flight). */
    boolean acceptedWithoutAnswer() {
      return submitStatus == 409 && "APPLICATION_IN_PROGRESS".equals(submitCode);
    }

    @Override
    public String toString() {
      return "journey "
          + index
          + " application "
          + applicationId
          + " submit "
          + submitStatus
          + (submitCode == null ? "" : " " + submitCode)
          + " status "
          + status
          + (failure == null ? "" : " (" + failure + ")");
    }
  }

  /** Runs {@code count} journeys with {@code clients} concurrent clients; returns them all. */
  List<Journey> run(int count, int clients) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Journey>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> journey(index)));
      }
      List<Journey> journeys = new ArrayList<>();
      for (Future<Journey> f : futures) {
        journeys.add(f.get(deadline.toMillis() * 4 + 60_000, TimeUnit.MILLISECONDS));
      }
      return journeys;
    } catch (Exception e) {
      throw new IllegalStateException("journeys did not finish", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs journeys with {@code clients} clients until {@code until} (System.nanoTime) and returns
   * them all (each journey started before then runs to its end or deadline).
   */
  List<Journey> runUntil(long untilNanos, int clients) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger next = new AtomicInteger();
    List<Journey> journeys = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < untilNanos) {
                    journeys.add(journey(next.getAndIncrement()));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return new ArrayList<>(journeys);
    } catch (Exception e) {
      throw new IllegalStateException("journeys did not finish", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One whole journey; never throws. */
  Journey journey(int index) {
    Journey j = new Journey(index);
    started.add(j);
    long end = System.nanoTime() + deadline.toNanos();
    try {
      Client.Reply registry =
          until(
              j,
              end,
              index,
              "registry",
              (node) ->
                  Client.post(
                      node.name(),
                      node.baseUrl(),
                      "/api/v1/demo/registry/persons",
                      Map.of("name", NAME, "idNumber", j.idNumber, "flags", List.of()),
                      REQUEST_TIMEOUT));
      if (registry.status() != 201) {
        j.failure = "registry person not created: " + registry;
        return j;
      }
      j.submitSentNanos = System.nanoTime();
      Client.Reply submit =
          until(
              j,
              end,
              index,
              "submit",
              (node) ->
                  Client.post(
                      node.name(),
                      node.baseUrl(),
                      "/api/v1/applications",
                      application(j.idNumber),
                      REQUEST_TIMEOUT,
                      "Idempotency-Key",
                      j.idempotencyKey));
      j.submitStatus = submit.status();
      j.submitCode = submit.code();
      if (submit.status() != 201) {
        j.failure = "submission not accepted: " + submit;
        return j;
      }
      j.acceptedNanos = System.nanoTime();
      j.applicationId = submit.text("applicationId");
      j.applicantToken = submit.text("applicantToken");
      j.livenessSession = submit.body().path("liveness").path("sessionId").asText();
      j.status = submit.text("status");
      accepted.incrementAndGet();
      Client.Reply liveness =
          until(
              j,
              end,
              index + 1,
              "liveness",
              (node) ->
                  Client.post(
                      node.name(),
                      node.baseUrl(),
                      "/api/v1/demo/liveness/" + j.livenessSession,
                      Map.of("outcome", "PASS"),
                      REQUEST_TIMEOUT));
      if (liveness.status() != 204) {
        // a retry of a callback that was already processed may be refused: the poll tells
        j.failure = "liveness completion answered " + liveness;
      }
      awaitOutcome(j, end);
    } catch (RuntimeException e) {
      j.failure = "client error: " + e;
    }
    return j;
  }

  /** Polls the application (alternating nodes) until it reaches an outcome or the deadline. */
  void awaitOutcome(Journey j, long endNanos) {
    int step = j.index;
    while (System.nanoTime() < endNanos) {
      Client.Reply poll =
          until(
              j,
              endNanos,
              step++,
              "poll",
              (node) ->
                  Client.get(
                      node.name(),
                      node.baseUrl(),
                      "/api/v1/applications/" + j.applicationId,
                      REQUEST_TIMEOUT,
                      "X-Applicant-Token",
                      j.applicantToken));
      if (poll.status() == 200) {
        j.status = poll.text("status");
        if (TERMINAL.contains(j.status)) {
          j.finishedNanos = System.nanoTime();
          j.certificateId = poll.text("certificateId");
          if (j.issued()) {
            issued.incrementAndGet();
          }
          return;
        }
      }
      sleep(POLL_INTERVAL);
    }
  }

  interface Call {
    Client.Reply send(ServiceNode node);
  }

  /**
   * Sends {@code call} to the node {@code step} picks among the live ones; while it gets no answer
   * or a 503 (or any 5xx), sends it again to the next node, after {@code Retry-After} (at most 2 s)
   * or 200 ms, until {@code endNanos}. Returns the last reply.
   */
  private Client.Reply until(Journey j, long endNanos, int step, String what, Call call) {
    Client.Reply last = null;
    int attempt = 0;
    while (true) {
      List<ServiceNode> live = cluster.live();
      if (live.isEmpty()) {
        throw new IllegalStateException("no node is running");
      }
      ServiceNode node = live.get(Math.floorMod(step + attempt, live.size()));
      long sent = System.nanoTime();
      last = answers.record(what, sent, call.send(node));
      if (last.answered() && last.status() < 500) {
        return last;
      }
      if (!last.answered()) {
        j.nodesWithoutAnswer.add(node.name());
      }
      if (System.nanoTime() >= endNanos) {
        return last;
      }
      attempt++;
      sleep(retryDelay(last));
    }
  }

  private static Duration retryDelay(Client.Reply reply) {
    if (reply.retryAfter() != null) {
      try {
        return Duration.ofSeconds(Math.min(2, Math.max(0, Long.parseLong(reply.retryAfter()))));
      } catch (NumberFormatException httpDate) {
        return Duration.ofSeconds(1);
      }
    }
    return Duration.ofMillis(200);
  }

  static Map<String, Object> application(String idNumber) {
    return Map.of(
        "name",
        NAME,
        "idType",
        "RESIDENT_ID_CARD",
        "idNumber",
        idNumber,
        "location",
        Map.of("latitude", 39.9042, "longitude", 116.4074, "accuracyMeters", 35),
        "consents",
        Map.of("identity", true, "biometric", true, "location", true));
  }

  /** A valid ID number no other journey of this JVM uses. */
  static String uniqueIdNumber() {
    while (true) {
      String id = TestIdentities.randomIdNumber();
      if (ID_NUMBERS.add(id)) {
        return id;
      }
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
