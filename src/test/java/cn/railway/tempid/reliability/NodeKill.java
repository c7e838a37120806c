package cn.railway.tempid.reliability;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Scenario b: {@code kill -9} of a node under load. Journeys run over both nodes; when a share of
 * them has been accepted, the first node is killed (SIGKILL: no commit, no release of its job
 * locks). Clients carry on against the other node. Then:
 *
 * <ul>
 *   <li>every journey answered 201 ends ISSUED (0 lost), in the clients' view and in the database;
 *   <li>nothing is doubled (applications per person, processes per application, certificates);
 *   <li>every journey in progress at the kill (among them those whose jobs the killed node held)
 *       finishes within {@value #FINISH_WITHIN_SECONDS} s of the kill — this needs the job lock
 *       time to be short (Camunda's default of 5 minutes kept them waiting that long);
 *   <li>the timers: with the clock moved to the renewal window and then to the expiry of every
 *       certificate, and the other node killed while the renewal timers fire, each timer of each
 *       certificate fired exactly once.
 * </ul>
 */
final class NodeKill {
  static final String ID = "b";
  static final int FINISH_WITHIN_SECONDS = 60;
  static final String RENEWAL_TASK = "Task_OpenRenewalWindow";
  static final String EXPIRY_TASK = "Task_ExpireCertificate";

  /**
   * How many journeys, over how many clients; the kill comes after {@code killAfter} accepted. With
   * {@code restartAndKillAgainDuringTimers} the killed node is started again and the other one is
   * killed while the renewal timers fire (the full command); otherwise the timers fire on the
   * surviving node alone (the quick subset in {@code mvn verify}).
   */
  record Plan(
      int journeys,
      int clients,
      int killAfter,
      boolean restartAndKillAgainDuringTimers,
      Duration startTimeout,
      long lockTimeMillis) {}

  private NodeKill() {}

  static void run(Cluster cluster, Ledger ledger, Figures figures, Plan plan) {
    // a few journeys per node first (not counted): the first requests of a fresh JVM are slow,
    // and a client that gives up on one cannot tell a kill from a cold start
    List<Journeys.Journey> warmUp =
        new Journeys(cluster, Duration.ofMinutes(5)).run(2 * plan.clients(), plan.clients());
    figures.note(
        ID,
        "warm-up: "
            + warmUp.stream().filter(Journeys.Journey::issued).count()
            + " of "
            + warmUp.size()
            + " journeys issued (not counted)");
    Journeys load = new Journeys(cluster, Duration.ofMinutes(5));
    ServiceNode victim = cluster.node(0);
    CompletableFuture<List<Journeys.Journey>> running =
        CompletableFuture.supplyAsync(() -> load.run(plan.journeys(), plan.clients()));
    long waitUntil = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (load.accepted() < plan.killAfter()
        && !running.isDone()
        && System.nanoTime() < waitUntil) {
      Journeys.sleep(Duration.ofMillis(20));
    }
    Map<String, Set<String>> locksBefore = ledger.lockedJobs();
    List<Journeys.Journey> inProgress =
        load.started().stream().filter(j -> j.finishedNanos == 0).toList();
    long killWallMillis = System.currentTimeMillis();
    long killNanos = System.nanoTime();
    victim.kill();
    figures.note(
        ID,
        "killed "
            + victim.name()
            + " (kill -9) after "
            + load.accepted()
            + " accepted journeys; "
            + inProgress.size()
            + " journeys in progress");
    Set<String> survivorOwners = survivorLockOwners(ledger, plan.lockTimeMillis(), killWallMillis);
    List<Journeys.Journey> journeys = running.join();

    Set<String> heldByVictim = new HashSet<>();
    locksBefore.forEach(
        (owner, keys) -> {
          if (!survivorOwners.isEmpty() && !survivorOwners.contains(owner)) {
            heldByVictim.addAll(keys);
          }
        });
    report(figures, ledger, journeys, load);

    long slowestInProgress =
        slowestAfter(killNanos, inProgress.stream().filter(Journeys.Journey::accepted).toList());
    figures.info(ID, "journeys in progress at the kill", inProgress.size());
    figures.withinMillis(
        ID,
        "slowest journey in progress at the kill finished after the kill",
        slowestInProgress,
        FINISH_WITHIN_SECONDS * 1000L);
    List<Journeys.Journey> victimsJourneys =
        journeys.stream()
            .filter(
                j ->
                    heldByVictim.contains(j.applicationId)
                        || (j.nodesWithoutAnswer.contains(victim.name()) && inProgress.contains(j)))
            .toList();
    if (survivorOwners.isEmpty()) {
      figures.note(ID, "could not tell the nodes' job lock owners apart; see the figure above");
    } else {
      figures.info(
          ID,
          "journeys the killed node was working on (jobs it held or requests it never answered)",
          victimsJourneys.size());
      figures.withinMillis(
          ID,
          "slowest of them finished on the other node after the kill",
          slowestAfter(killNanos, victimsJourneys.stream().filter(j -> j.accepted()).toList()),
          FINISH_WITHIN_SECONDS * 1000L);
    }

    if (plan.restartAndKillAgainDuringTimers()) {
      cluster.restart(victim, plan.startTimeout());
    }
    timers(cluster, ledger, figures, journeys, plan);
  }

  private static void report(
      Figures figures, Ledger ledger, List<Journeys.Journey> journeys, Journeys load) {
    Outcomes.report(ID, figures, ledger, journeys, load);
    List<Answers.Entry> all = load.answers().all();
    figures.atMost(ID, "answers ≥ 500 other than 503", Answers.serverErrors(all), 0);
    figures.info(ID, "answers by request and status", Answers.byRequest(all));
  }

  private static void timers(
      Cluster cluster, Ledger ledger, Figures figures, List<Journeys.Journey> journeys, Plan plan) {
    Set<String> certificates =
        journeys.stream()
            .filter(Journeys.Journey::issued)
            .map(j -> j.certificateId)
            .collect(Collectors.toSet());
    if (certificates.isEmpty()) {
      figures.check(ID, "certificates to test the timers with", 0, "> 0", false);
      return;
    }
    // the renewal window opens 21 h after issue: 22 h later every one of them is due
    cluster.advanceClock(Duration.ofHours(22));
    long movedNanos = System.nanoTime();
    if (plan.restartAndKillAgainDuringTimers()) {
      ServiceNode victim = cluster.node(1);
      awaitCompletions(ledger, RENEWAL_TASK, certificates, certificates.size() / 10, 120);
      victim.kill();
      long killNanos = System.nanoTime();
      figures.note(ID, "killed " + victim.name() + " (kill -9) while the renewal timers fired");
      boolean all = awaitCompletions(ledger, RENEWAL_TASK, certificates, certificates.size(), 300);
      figures.withinMillis(
          ID,
          "every renewal timer had fired, after the kill",
          all ? (System.nanoTime() - killNanos) / 1_000_000 : -1,
          FINISH_WITHIN_SECONDS * 1000L);
      cluster.restart(victim, plan.startTimeout());
    } else {
      boolean all = awaitCompletions(ledger, RENEWAL_TASK, certificates, certificates.size(), 300);
      figures.info(
          ID,
          "every renewal timer had fired, after the clock move",
          all ? Figures.seconds((System.nanoTime() - movedNanos) / 1_000_000) : "never");
    }
    Map<Long, Long> renewals = ledger.completionsPerCertificate(RENEWAL_TASK, certificates);
    figures.check(
        ID,
        "renewal-window timers fired per certificate (times → certificates)",
        renewals,
        "{1=" + certificates.size() + "}",
        renewals.equals(Map.of(1L, (long) certificates.size())));
    // expiry 24 h after issue: 3 h more
    cluster.advanceClock(Duration.ofHours(3));
    awaitCompletions(ledger, EXPIRY_TASK, certificates, certificates.size(), 300);
    Map<Long, Long> expiries = ledger.completionsPerCertificate(EXPIRY_TASK, certificates);
    figures.check(
        ID,
        "expiry timers fired per certificate (times → certificates)",
        expiries,
        "{1=" + certificates.size() + "}",
        expiries.equals(Map.of(1L, (long) certificates.size())));
    figures.atMost(ID, "incidents", ledger.incidents(), 0);
  }

  /** Waits until at least {@code wanted} certificates completed {@code activity}; true if so. */
  private static boolean awaitCompletions(
      Ledger ledger, String activity, Set<String> certificates, long wanted, int seconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      long done =
          ledger.completionsPerCertificate(activity, certificates).entrySet().stream()
              .filter(e -> e.getKey() > 0)
              .mapToLong(Map.Entry::getValue)
              .sum();
      if (done >= wanted) {
        return true;
      }
      Journeys.sleep(Duration.ofMillis(500));
    }
    return false;
  }

  /**
   * The lock owners of the surviving node: those that take a job lock after the kill. Waits up to
   * 30 s for one to appear.
   */
  private static Set<String> survivorLockOwners(
      Ledger ledger, long lockTimeMillis, long killWallMillis) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> owners = ledger.ownersLockingSince(lockTimeMillis, killWallMillis);
      if (!owners.isEmpty()) {
        return owners;
      }
      Journeys.sleep(Duration.ofMillis(100));
    }
    return Set.of();
  }

  /**
   * The longest time from {@code fromNanos} until one of the journeys finished; -1 if one never.
   */
  private static long slowestAfter(long fromNanos, List<Journeys.Journey> journeys) {
    long slowest = 0;
    for (Journeys.Journey j : journeys) {
      if (!j.issued() || j.finishedNanos == 0) {
        return -1;
      }
      slowest = Math.max(slowest, (j.finishedNanos - fromNanos) / 1_000_000);
    }
    return slowest;
  }
}
