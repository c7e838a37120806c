package cn.railway.tempid.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Scenario a: one person submits {@value #SUBMISSIONS} times at the same instant, the requests
 * split over both nodes. R8 (at most one application in flight, quota) must hold across nodes:
 * exactly one {@code 201}, the rest {@code 409 APPLICATION_IN_PROGRESS} (or {@code 429}, or {@code
 * 503} with {@code Retry-After} for a lock wait cut by the statement timeout), one application
 * recorded.
 */
final class QuotaRace {
  static final String ID = "a";
  static final int SUBMISSIONS = 20;

  private QuotaRace() {}

  static void run(Cluster cluster, Ledger ledger, Figures figures) {
    // one journey per node first: a cold node under load can hold the person's lock long enough
    // for the others' lock waits to hit the statement timeout (503, see below)
    new Journeys(cluster, Duration.ofMinutes(5)).run(cluster.live().size(), cluster.live().size());
    String idNumber = Journeys.uniqueIdNumber();
    ServiceNode first = cluster.live().get(0);
    Client.Reply person =
        Client.post(
            first.name(),
            first.baseUrl(),
            "/api/v1/demo/registry/persons",
            Map.of("name", Journeys.NAME, "idNumber", idNumber, "flags", List.of()),
            Duration.ofSeconds(30));
    if (person.status() != 201) {
      throw new IllegalStateException("registry person not created: " + person);
    }
    List<Client.Reply> replies = simultaneously(cluster, idNumber);
    Map<String, Long> byStatus =
        Answers.byStatus(replies.stream().map(r -> new Answers.Entry("submit", 0, r)).toList());
    long accepted = replies.stream().filter(r -> r.status() == 201).count();
    // A request waiting for the person's lock longer than the statement timeout answers 503 with
    // Retry-After (API.md "Failures and retries"); its retry then gets 409. Never a second 201.
    long refusedAsExpected =
        replies.stream()
            .filter(
                r ->
                    (r.status() == 409 && "APPLICATION_IN_PROGRESS".equals(r.code()))
                        || (r.status() == 429 && "RATE_LIMITED".equals(r.code()))
                        || (r.status() == 503
                            && "SERVICE_UNAVAILABLE".equals(r.code())
                            && r.retryAfter() != null))
            .count();
    Set<String> nodes = Set.copyOf(replies.stream().map(Client.Reply::node).distinct().toList());
    figures.info(
        ID,
        SUBMISSIONS + " simultaneous submissions for one person over " + nodes.size() + " nodes",
        byStatus);
    figures.check(ID, "submissions answered 201", accepted, "exactly 1", accepted == 1);
    figures.check(
        ID,
        "other answers 409 APPLICATION_IN_PROGRESS, 429 RATE_LIMITED or 503 with Retry-After",
        refusedAsExpected,
        Long.toString(SUBMISSIONS - 1),
        refusedAsExpected == SUBMISSIONS - 1);
    long applications = ledger.applicationsOf(idNumber);
    figures.check(ID, "applications recorded for the person", applications, "1", applications == 1);
  }

  private static List<Client.Reply> simultaneously(Cluster cluster, String idNumber) {
    List<ServiceNode> nodes = cluster.live();
    ExecutorService pool = Executors.newFixedThreadPool(SUBMISSIONS);
    try {
      CountDownLatch ready = new CountDownLatch(SUBMISSIONS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Client.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < SUBMISSIONS; i++) {
        ServiceNode node = nodes.get(i % nodes.size());
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return Client.post(
                      node.name(),
                      node.baseUrl(),
                      "/api/v1/applications",
                      Journeys.application(idNumber),
                      Duration.ofSeconds(60));
                }));
      }
      if (!ready.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("clients not ready");
      }
      go.countDown();
      List<Client.Reply> replies = new ArrayList<>();
      for (Future<Client.Reply> f : futures) {
        replies.add(f.get(120, TimeUnit.SECONDS));
      }
      return replies;
    } catch (Exception e) {
      throw new IllegalStateException("quota race did not finish", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
