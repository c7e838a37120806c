package cn.railway.tempid.bench;

import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark command, not a test: drives whole journeys against a running service in the demo
 * profile (loopback only) and prints throughput and latency figures.
 *
 * <pre>
 * mvn spring-boot:run                       # in one terminal
 * mvn -q test-compile exec:java …           # or, simpler:
 * java -cp "target/test-classes:target/classes:$(mvn -q dependency:build-classpath \
 *   -Dmdep.outputFile=/dev/stdout)" cn.railway.tempid.bench.JourneyBenchmark [journeys] [clients] [baseUrl]
 * </pre>
 *
 * Each journey: a registry person, a guest submission (pre-checks, quota, liveness session in one
 * transaction), the simulated capture, polling until ISSUED, a view session, a QR frame and a
 * checkpoint verification. Bounded: it stops after the given number of journeys.
 */
public final class JourneyBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JourneyBenchmark() {}

  record Timings(long submitMillis, long issuedMillis, long verifyMillis) {}

  public static void main(String[] args) throws Exception {
    int journeys = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    String base = (args.length > 2 ? args[2] : "http://127.0.0.1:8080") + "/api/v1";
    if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost|\\[::1\\]")) {
      throw new IllegalArgumentException("benchmarks only target this machine (loopback)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    List<Future<Timings>> results = new ArrayList<>();
    for (int i = 0; i < journeys; i++) {
      results.add(pool.submit(() -> journey(base)));
    }
    List<Long> submit = new ArrayList<>();
    List<Long> issued = new ArrayList<>();
    List<Long> verify = new ArrayList<>();
    Map<String, Integer> failures = new java.util.TreeMap<>();
    try {
      for (Future<Timings> r : results) {
        try {
          Timings t = r.get();
          submit.add(t.submitMillis());
          issued.add(t.issuedMillis());
          verify.add(t.verifyMillis());
        } catch (java.util.concurrent.ExecutionException e) {
          // counted and shown, never hidden: a failed journey is not in the figures
          failures.merge(String.valueOf(e.getCause().getMessage()), 1, Integer::sum);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    failures.forEach((why, count) -> System.out.printf("FAILED %d×: %s%n", count, why));
    if (submit.isEmpty()) {
      System.exit(1);
    }
    System.out.printf(
        "%d journeys (%d failed), %d clients, %.1f s: %.1f journeys/s%n",
        submit.size(), journeys - submit.size(), clients, seconds, submit.size() / seconds);
    System.out.printf(
        "submit ms        p50 %d  p95 %d  max %d%n", p(submit, 50), p(submit, 95), p(submit, 100));
    System.out.printf(
        "submit→ISSUED ms p50 %d  p95 %d  max %d%n", p(issued, 50), p(issued, 95), p(issued, 100));
    System.out.printf(
        "verification ms  p50 %d  p95 %d  max %d%n", p(verify, 50), p(verify, 95), p(verify, 100));
  }

  static Timings journey(String base) throws Exception {
    String id = TestIdentities.randomIdNumber();
    post(base + "/demo/registry/persons", Map.of("name", "测试", "idNumber", id, "flags", List.of()));
    long t0 = System.nanoTime();
    JsonNode app =
        post(
            base + "/applications",
            Map.of(
                "name",
                "测试",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                id,
                "location",
                Map.of("latitude", 39.9042, "longitude", 116.4074),
                "consents",
                Map.of("identity", true, "biometric", true, "location", true)));
    long submitted = System.nanoTime();
    String appId = app.path("applicationId").asText();
    String token = app.path("applicantToken").asText();
    String session = app.path("liveness").path("sessionId").asText();
    post(base + "/demo/liveness/" + session, Map.of("outcome", "PASS"));
    String certificate = null;
    for (int i = 0; i < 600 && certificate == null; i++) {
      JsonNode a = get(base + "/applications/" + appId, "X-Applicant-Token", token);
      if ("ISSUED".equals(a.path("status").asText())) {
        certificate = a.path("certificateId").asText();
      } else {
        Thread.sleep(50);
      }
    }
    if (certificate == null) {
      throw new IllegalStateException("not issued within 30 s: " + appId);
    }
    long issuedAt = System.nanoTime();
    String view =
        post(
                base + "/certificates/" + certificate + "/view-sessions",
                Map.of("livenessSessionId", session),
                "X-Applicant-Token",
                token)
            .path("viewSessionToken")
            .asText();
    String frame =
        get(base + "/certificates/" + certificate + "/qr", "X-View-Session", view)
            .path("token")
            .asText();
    long v0 = System.nanoTime();
    JsonNode verdict =
        post(
            base + "/verifications",
            Map.of("token", frame, "checkpoint", Map.of("id", "bench-gate", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            "demo-checkpoint-key");
    long v1 = System.nanoTime();
    if (!"ACCEPTED".equals(verdict.path("result").asText())) {
      throw new IllegalStateException("frame not accepted: " + verdict);
    }
    return new Timings(
        (submitted - t0) / 1_000_000, (issuedAt - t0) / 1_000_000, (v1 - v0) / 1_000_000);
  }

  static JsonNode post(String url, Object body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return send(request, headers);
  }

  static JsonNode get(String url, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  static JsonNode send(HttpRequest.Builder request, String... headers) throws Exception {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        HTTP.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  static long p(List<Long> values, int percentile) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index =
        Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index));
  }
}
