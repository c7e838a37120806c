package cn.railway.tempid.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario d: failover to the synchronous standby under load. The primary stops at once (as a
 * crash), the standby is promoted; the nodes, on a multi-host JDBC URL with {@code
 * targetServerType=primary}, find the new primary by themselves. Nothing answered 201 may be lost
 * (synchronous replication: a commit is answered only once the standby has it), and the service
 * serves again within {@value #SERVE_AGAIN_WITHIN_SECONDS} s.
 */
final class StandbyFailover {
  static final String ID = "d";
  static final int SERVE_AGAIN_WITHIN_SECONDS = 30;

  private StandbyFailover() {}

  static void run(
      Cluster cluster,
      Ledger ledger,
      Figures figures,
      DebianPostgres primary,
      DebianPostgres standby,
      int clients) {
    figures.check(
        ID,
        "standby replication state before the failover",
        primary.replicationState(),
        "sync",
        "sync".equals(primary.replicationState()));
    Duration before = Duration.ofSeconds(10);
    Duration after = Duration.ofSeconds(40);
    Journeys load = new Journeys(cluster, Duration.ofMinutes(4));
    long loadEnds = System.nanoTime() + before.plus(after).toNanos();
    CompletableFuture<List<Journeys.Journey>> running =
        CompletableFuture.supplyAsync(() -> load.runUntil(loadEnds, clients));
    Journeys.sleep(before);
    primary.stopImmediately();
    long downNanos = System.nanoTime();
    standby.promote();
    long promotedNanos = System.nanoTime();
    figures.note(
        ID,
        "primary stopped (immediate), standby promoted "
            + Figures.seconds((promotedNanos - downNanos) / 1_000_000)
            + " later");
    List<Journeys.Journey> journeys = running.join();
    figures.check(
        ID, "new primary accepts writes", !standby.inRecovery(), "true", !standby.inRecovery());
    long firstAccepted =
        load
            .answers()
            .filter(
                e ->
                    e.what().equals("submit")
                        && e.sentNanos() >= downNanos
                        && e.reply().status() == 201)
            .stream()
            .mapToLong(e -> (e.answeredNanos() - downNanos) / 1_000_000)
            .min()
            .orElse(-1);
    figures.withinMillis(
        ID,
        "first submission accepted (201) after the primary stopped",
        firstAccepted,
        SERVE_AGAIN_WITHIN_SECONDS * 1000L);
    for (ServiceNode node : cluster.live()) {
      figures.withinMillis(
          ID,
          node.name() + " serves again (first API answer < 400) after the primary stopped",
          DatabaseOutage.firstServed(load.answers(), node.name(), downNanos),
          SERVE_AGAIN_WITHIN_SECONDS * 1000L);
    }
    List<Answers.Entry> all = load.answers().all();
    figures.info(
        ID,
        "API answers during the failover",
        Answers.byRequest(load.answers().sentBetween(downNanos, promotedNanos + 30_000_000_000L)));
    figures.atMost(ID, "API answers ≥ 500 other than 503", Answers.serverErrors(all), 0);
    Outcomes.report(ID, figures, ledger, journeys, load);
  }
}
