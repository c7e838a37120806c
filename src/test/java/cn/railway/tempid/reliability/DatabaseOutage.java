package cn.railway.tempid.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario c: the database stops for {@code outage} (PostgreSQL stopped at once, as a crash) under
 * load, then comes back. API.md "Failures and retries": while it is away every request answers
 * within a few seconds, only {@code 503 SERVICE_UNAVAILABLE} with {@code Retry-After} (never 500,
 * never a hang); readiness answers 503 within a second; liveness stays up; within 10 s of its
 * return the service serves again; nothing answered 201 is lost.
 */
final class DatabaseOutage {
  static final String ID = "c";
  static final long ANSWER_WITHIN_MILLIS = 5_000;
  static final long READINESS_WITHIN_MILLIS = 1_000;
  static final long RECOVERY_WITHIN_MILLIS = 10_000;

  private DatabaseOutage() {}

  static void run(
      Cluster cluster,
      Ledger ledger,
      Figures figures,
      DebianPostgres primary,
      Duration outage,
      int clients) {
    Duration before = Duration.ofSeconds(10);
    Duration after = Duration.ofSeconds(25);
    Journeys load = new Journeys(cluster, Duration.ofMinutes(4));
    long loadEnds = System.nanoTime() + before.plus(outage).plus(after).toNanos();
    List<ServiceNode> nodes = cluster.live();
    long downNanos;
    long outageEnds;
    long backNanos;
    List<Journeys.Journey> journeys;
    try (Probes probes = new Probes(nodes)) {
      CompletableFuture<List<Journeys.Journey>> running =
          CompletableFuture.supplyAsync(() -> load.runUntil(loadEnds, clients));
      Journeys.sleep(before);
      primary.stopImmediately();
      // the outage is counted from when PostgreSQL is certainly gone (pg_ctl stop returned) until
      // pg_ctl start is called; recovery from when it is certainly back (pg_ctl start returned)
      downNanos = System.nanoTime();
      figures.note(ID, "database stopped (immediate) for " + outage.toSeconds() + " s");
      Journeys.sleep(outage);
      long restartNanos = System.nanoTime();
      primary.start();
      backNanos = System.nanoTime();
      figures.note(
          ID,
          "database back: pg_ctl start took "
              + Figures.seconds((backNanos - restartNanos) / 1_000_000));
      outageEnds = restartNanos;
      journeys = running.join();
      probes.close();

      List<Answers.Entry> duringOutage = load.answers().sentBetween(downNanos, outageEnds);
      figures.info(ID, "API answers while the database was down", Answers.byRequest(duringOutage));
      figures.atMost(
          ID,
          "API answers ≥ 500 other than 503 (whole run)",
          Answers.serverErrors(load.answers().all()),
          0);
      figures.atMost(
          ID,
          "503 answers without Retry-After",
          Answers.unavailableWithoutRetryAfter(duringOutage),
          0);
      figures.atMost(
          ID,
          "error answers that are not problem+json",
          Answers.errorsNotProblemJson(load.answers().all()),
          0);
      figures.atMost(
          ID,
          "API requests without an answer within 30 s (hangs)",
          Answers.timeouts(duringOutage),
          0);
      figures.withinMillis(
          ID,
          "slowest API answer while the database was down",
          Answers.slowestMillis(duringOutage),
          ANSWER_WITHIN_MILLIS);
      for (ServiceNode node : nodes) {
        List<Answers.Entry> readiness =
            probes.of(Probes.READINESS, node.name()).stream()
                .filter(e -> e.sentNanos() >= downNanos && e.sentNanos() < outageEnds)
                .toList();
        figures.withinMillis(
            ID,
            node.name() + " readiness DOWN (503) after the database stopped",
            probes.firstAnswer(Probes.READINESS, node.name(), downNanos, 503),
            READINESS_WITHIN_MILLIS);
        figures.withinMillis(
            ID,
            node.name() + " slowest readiness answer while the database was down",
            Answers.slowestMillis(readiness),
            READINESS_WITHIN_MILLIS);
        long livenessDown =
            probes.of(Probes.LIVENESS, node.name()).stream()
                .filter(e -> e.sentNanos() >= downNanos && e.sentNanos() < outageEnds)
                .filter(e -> e.reply().status() != 200)
                .count();
        figures.atMost(
            ID,
            node.name() + " liveness probes not UP while the database was down",
            livenessDown,
            0);
        figures.withinMillis(
            ID,
            node.name() + " serves again (first API answer < 500) after the database returned",
            firstServed(load.answers(), node.name(), backNanos),
            RECOVERY_WITHIN_MILLIS);
        // what the answer time above is made of, on a busy machine: when the first request that
        // succeeded was sent (the service accepted work again), and how long answers took
        // before the stop (the same load, the database up)
        figures.info(
            ID,
            node.name() + " first successful request after the database returned was sent after",
            Figures.seconds(firstSuccessSent(load.answers(), node.name(), backNanos)));
        List<Answers.Entry> beforeStop =
            load.answers()
                .filter(
                    e ->
                        e.reply().node().equals(node.name())
                            && e.sentNanos() < downNanos
                            && e.reply().answered()
                            && e.reply().status() < 400);
        figures.info(
            ID,
            node.name() + " median / 90th percentile API answer before the stop",
            Figures.seconds(Answers.percentileMillis(beforeStop, 50))
                + " / "
                + Figures.seconds(Answers.percentileMillis(beforeStop, 90)));
        long firstTenSeconds = backNanos + RECOVERY_WITHIN_MILLIS * 1_000_000;
        figures.info(
            ID,
            node.name() + " API answers sent in the 10 s after the database returned",
            Answers.byRequest(
                load.answers()
                    .filter(
                        e ->
                            e.reply().node().equals(node.name())
                                && e.sentNanos() >= backNanos
                                && e.sentNanos() < firstTenSeconds)));
        figures.withinMillis(
            ID,
            node.name() + " readiness UP after the database returned",
            probes.firstAnswer(Probes.READINESS, node.name(), backNanos, 200),
            RECOVERY_WITHIN_MILLIS);
      }
    }
    Outcomes.report(ID, figures, ledger, journeys, load);
  }

  /** Milliseconds from {@code fromNanos} to the sending of the first request that succeeded. */
  static long firstSuccessSent(Answers answers, String node, long fromNanos) {
    return firstSuccess(answers, node, fromNanos, Answers.Entry::sentNanos);
  }

  /** Milliseconds from {@code fromNanos} to the first successful API answer of {@code node}. */
  static long firstServed(Answers answers, String node, long fromNanos) {
    return firstSuccess(answers, node, fromNanos, Answers.Entry::answeredNanos);
  }

  /** The earliest {@code instant} of a request {@code node} answered below 400, -1 if none. */
  private static long firstSuccess(
      Answers answers,
      String node,
      long fromNanos,
      java.util.function.ToLongFunction<Answers.Entry> instant) {
    return answers
        .filter(
            e ->
                e.reply().node().equals(node)
                    && e.sentNanos() >= fromNanos
                    && e.reply().answered()
                    && e.reply().status() < 400)
        .stream()
        .mapToLong(e -> (instant.applyAsLong(e) - fromNanos) / 1_000_000)
        .min()
        .orElse(-1);
  }
}
