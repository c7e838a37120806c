package cn.railway.tempid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The medians of several benchmark runs: {@code BenchmarkSummary <dir> run-1 run-2 run-3} reads
 * {@code <dir>/run-N/benchmark.json} and prints (and writes to {@code <dir>/summary.json}) each
 * headline figure with every run's value and their median, and whether the target holds for the
 * median.
 */
public final class BenchmarkSummary {
  private BenchmarkSummary() {}

  /** Headline figures: JSON pointer, and the goal (null: no target, shown for context). */
  private static final String[][] FIGURES = {
    {"/ceiling/journeysPerSecond", null},
    {"/ceiling/before/journeysPerSecond", null},
    {"/ceiling/after/journeysPerSecond", null},
    {"/ceilingSynchronous/journeysPerSecond", null},
    {"/polling/journeysPerSecond", null},
    {"/targets/pollingOfLongPoll/value", ">=0.9"},
    {"/targets/pollingIssuedP99Millis/value", "<=2000"},
    {"/targets/pollingUnfinishedAfter60s/value", "<=0"},
    {"/polling/failed", null},
    {"/targets/journeysOfCeiling/value", ">=0.5"},
    {"/targets/journeysOfCeilingWithoutContinuations/value", ">=0.5"},
    {"/paced/offeredJourneysPerSecond", null},
    {"/targets/issuedP99MillisAtHalfThroughput/value", "<=2000"},
    {"/targets/commitsPerJourney/value", "<=8"},
    {"/paced/commitsPerJourney", null},
    {"/targets/rowWritesPerJourney/value", "<=120"},
    {"/ceiling/commitsPerJourney", null},
    {"/ceiling/rowWritesPerJourney", null},
    {"/online/trivialEndpoint/perSecond", null},
    {"/online/verificationKeysEndpoint/perSecond", null},
    {"/online/verificationKeysEndpoint/p99Millis", null},
    {"/online/verifications/perSecond", null},
    {"/online/verifications/p99Millis", null},
    {"/targets/verificationsOfVerificationKeys/value", ">=0.5"},
    {"/targets/verificationP99OfVerificationKeysP99/value", "<=2"},
    {"/online/qrJson/perSecond", null},
    {"/online/qrPng/perSecond", null},
    {"/timerDrain/seconds", null},
    {"/timerDrain/timersPerSecond", null},
  };

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<JsonNode> runs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      Path json = dir.resolve(args[i]).resolve("benchmark.json");
      if (Files.exists(json)) {
        runs.add(JourneyBenchmark.JSON.readTree(json.toFile()));
      }
    }
    ObjectNode summary = JourneyBenchmark.JSON.createObjectNode();
    summary.put("runs", runs.size());
    for (String[] figure : FIGURES) {
      List<Double> values = new ArrayList<>();
      for (JsonNode run : runs) {
        JsonNode v = run.at(figure[0]);
        if (v.isNumber()) {
          values.add(v.asDouble());
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(Double::compare);
      double median = sorted.get(sorted.size() / 2);
      if (sorted.size() % 2 == 0) {
        median = (sorted.get(sorted.size() / 2 - 1) + median) / 2;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("runs", values);
      entry.put("median", JourneyBenchmark.round(median));
      if (figure[1] != null) {
        double goal = Double.parseDouble(figure[1].substring(2));
        entry.put("goal", figure[1]);
        entry.put("met", figure[1].startsWith(">=") ? median >= goal : median <= goal);
      }
      summary.putPOJO(figure[0].substring(1).replace('/', '.'), entry);
    }
    for (String flag : List.of("everySightingAndAuditWritten", "timersDrainedWithoutGrowth")) {
      List<Boolean> values = new ArrayList<>();
      for (JsonNode run : runs) {
        JsonNode met = run.at("/targets/" + flag + "/met");
        if (!met.isMissingNode()) {
          values.add(met.asBoolean());
        }
      }
      if (values.isEmpty()) {
        continue; // not measured in these runs (--only)
      }
      summary.putPOJO(
          "targets." + flag, Map.of("runs", values, "met", !values.contains(Boolean.FALSE)));
    }
    JourneyBenchmark.JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
    System.out.println(JourneyBenchmark.JSON.writeValueAsString(summary));
  }
}
