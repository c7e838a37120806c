package cn.railway.tempid.reliability;

/**
 * Scenario e: the OpenAPI-driven fuzzer ({@link ApiFuzzer}, issue 8 item 2) against each node of
 * the cluster, {@code requests} generated requests per node: 0 answers ≥ 500, every 4xx
 * problem+json, every request answered within 10 s. The fuzzer never moves the demo clock.
 */
final class FuzzerHook {
  static final String ID = "e";
  private static final int THREADS = 4;

  private FuzzerHook() {}

  static void run(Cluster cluster, Figures figures, int requests, long seed) {
    for (ServiceNode node : cluster.live()) {
      try {
        ApiFuzzer fuzzer = new ApiFuzzer(node.baseUrl(), seed);
        long started = System.nanoTime();
        ApiFuzzer.Report report = fuzzer.run(requests, THREADS);
        String name = node.name();
        figures.info(
            ID,
            name + " fuzzed: operations / requests / seconds",
            fuzzer.operations().size()
                + " / "
                + report.sent()
                + " / "
                + (System.nanoTime() - started) / 1_000_000_000L);
        figures.info(ID, name + " fuzz answers by status", report.byStatus());
        figures.atMost(ID, name + " fuzz answers ≥ 500", report.serverErrors(), 0);
        figures.atMost(
            ID,
            name + " fuzz rule violations (≥ 500, 4xx not problem+json, no answer in 10 s)",
            report.failures().size(),
            0);
        figures.info(
            ID,
            name + " fuzz latency median / max",
            report.medianMillis() + " / " + report.maxMillis() + " ms");
        report.failures().stream().limit(10).forEach(f -> figures.note(ID, "FAILED " + f));
      } catch (Exception e) {
        figures.check(ID, node.name() + " fuzzer ran", "no: " + e, "yes", false);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
