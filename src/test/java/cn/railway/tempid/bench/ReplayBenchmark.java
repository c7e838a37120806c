package cn.railway.tempid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * {@code --only=replay}: a month of national traffic for one decision table (about 43,000
 * applications a day, 30 days: {@value #DEFAULT_ROWS} evaluations of {@code approval}) recorded in
 * the service's PostgreSQL database, then {@code POST /decisions/approval/replay} with the
 * release's own table, timed end to end (the analyst's wait), {@code --replay-runs} times.
 *
 * <p>The rows are written with {@code COPY} beside a few real journeys' records (their application
 * ids: {@code decision_record} references the application), with approval inputs as the service
 * records them: registry results, flags and the two scores, spread over the last 30 days.
 */
final class ReplayBenchmark {
  static final int DEFAULT_ROWS = 1_300_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayBenchmark() {}

  static ObjectNode run(
      String jdbcUrl,
      String base,
      HttpClient http,
      Path projectDir,
      List<String> applicationIds,
      int rows,
      int runs)
      throws Exception {
    ObjectNode report = JSON.createObjectNode();
    report.put("rows", rows);
    long t0 = System.nanoTime();
    insert(jdbcUrl, applicationIds, rows);
    report.put("insertSeconds", (System.nanoTime() - t0) / 1e9);
    log(rows + " recorded evaluations of 'approval' written in " + report.get("insertSeconds"));

    byte[] xml = Files.readAllBytes(projectDir.resolve("dmn/approval.dmn"));
    String auth =
        "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    ArrayNode seconds = report.putArray("replaySeconds");
    List<Double> figures = new ArrayList<>();
    JsonNode last = null;
    for (int run = 1; run <= runs; run++) {
      long started = System.nanoTime();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/decisions/approval/replay"))
                  .header("Authorization", auth)
                  .header("Content-Type", "application/xml")
                  .timeout(Duration.ofMinutes(10))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(xml))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      double took = (System.nanoTime() - started) / 1e9;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("replay answered " + r.statusCode() + ": " + r.body());
      }
      last = JSON.readTree(r.body());
      seconds.add(took);
      figures.add(took);
      log(
          "replay "
              + run
              + ": "
              + last.path("evaluated").asLong()
              + " evaluations in "
              + String.format("%.1f", took)
              + " s");
    }
    Collections.sort(figures);
    report.put("medianSeconds", figures.get(figures.size() / 2));
    report.put("evaluated", last.path("evaluated").asLong());
    report.put(
        "evaluationsPerSecond", last.path("evaluated").asLong() / figures.get(figures.size() / 2));
    report.set("lastAnswer", last);
    return report;
  }

  /** Approval inputs as recorded: mostly clean cases, some low scores and registry refusals. */
  private static void insert(String jdbcUrl, List<String> applicationIds, int rows)
      throws Exception {
    SplittableRandom random = new SplittableRandom(20);
    Instant now = Instant.now();
    long month = Duration.ofDays(30).toMillis() - 60_000;
    try (Connection c = DriverManager.getConnection(jdbcUrl, "tempid", "tempid")) {
      int chunk = 100_000;
      for (int done = 0; done < rows; done += chunk) {
        StringBuilder csv = new StringBuilder(chunk * 200);
        for (int i = done; i < Math.min(rows, done + chunk); i++) {
          double r = random.nextDouble();
          String registry = r < 0.97 ? "MATCH" : r < 0.985 ? "NOT_FOUND" : "NAME_MISMATCH";
          boolean deceased = random.nextDouble() < 0.001;
          boolean fraud = random.nextDouble() < 0.002;
          double liveness = Math.round((0.6 + 0.4 * random.nextDouble()) * 100) / 100.0;
          double face = Math.round((0.6 + 0.4 * random.nextDouble()) * 100) / 100.0;
          String outcome =
              !"MATCH".equals(registry) || deceased || fraud || liveness < 0.7 || face < 0.7
                  ? "REJECT"
                  : "APPROVE";
          String inputs =
              "{\"deceased\":%s,\"faceMatchScore\":%s,\"livenessScore\":%s,\"registryResult\":\"%s\",\"reportedFraud\":%s}"
                  .formatted(deceased, face, liveness, registry, fraud);
          csv.append(UUID.randomUUID())
              .append('\t')
              .append(applicationIds.get(i % applicationIds.size()))
              .append("\tapproval\t1\tapproval:1:bench\t")
              .append(outcome)
              .append('\t')
              .append(inputs)
              .append('\t')
              .append(now.minusMillis(60_000 + (long) (random.nextDouble() * month)))
              .append('\n');
        }
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "copy decision_record (id, application_id, decision_key, decision_version,"
                    + " definition_id, outcome, inputs, decided_at) from stdin",
                new StringReader(csv.toString()));
      }
      try (Statement s = c.createStatement()) {
        s.execute("analyze decision_record");
      }
    }
  }

  private static void log(String message) {
    System.err.println(Instant.now() + " " + message);
  }
}
