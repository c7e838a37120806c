package cn.railway.tempid.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fuzzer driven by the service's own OpenAPI document ({@code /v3/api-docs}, read with
 * swagger-parser): for every operation it sends generated requests, valid-ish and mutated (bodies
 * from the schemas with fields dropped, retyped, duplicated, nulled, oversized, NUL characters,
 * broken JSON; odd path and query values; wrong, wildcard and missing content types; oversized and
 * odd headers; each caller's credential, a wrong one or none) and checks every answer: <b>no status
 * ≥ 500, every 4xx is {@code application/problem+json}</b>, and an answer within 10 s.
 *
 * <p>Run against a running service (the {@code demo} profile gives it credentials to reach past the
 * login; without it most answers are 401, still checked):
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" \
 *   cn.railway.tempid.reliability.ApiFuzzer http://localhost:8080 10000 [seed] [threads]
 * </pre>
 *
 * It prints one {@code fuzz: …} line per figure and exits 1 when any answer broke the rules. It
 * never moves the demo clock (shared by every node) and never logs the demo passenger out. Requests
 * go only to the given base URL (loopback in tests and the reliability command).
 */
public final class ApiFuzzer {
  /** Operations never fuzzed: they change what every other caller sees. */
  static final Set<String> EXCLUDED = Set.of("POST /api/v1/demo/clock", "POST /api/v1/auth/logout");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] CONTENT_TYPES = {
    "*/*",
    "application/*",
    "text/plain",
    "application/xml",
    "application/json; charset=ISO-8859-1",
    "application/json; charset=nonsense",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "garbage",
    ""
  };
  private static final String[] ACCEPTS = {
    "application/json",
    "*/*",
    "image/png",
    "application/xml",
    "text/html",
    "application/problem+json"
  };
  private static final String[] ODD_STRINGS = {
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "😀",
    "张三",
    "' or 1=1 --",
    "../../etc/passwd",
    "%00",
    "null",
    "true",
    "-1",
    "1e400",
    "<script>",
    "\\",
    "\"",
    "x".repeat(300),
    "9".repeat(40),
    "RESIDENT_ID_CARD",
    "11010519491231002X",
    "PT30M",
    "2026-01-01T00:00:00Z"
  };

  private final String base;
  private final long seed;
  private final HttpClient client;
  private final List<Op> operations = new ArrayList<>();
  private final Credentials credentials;

  /** One operation of the document: method, path template, parameters, JSON body schema. */
  record Op(String method, String path, List<Parameter> parameters, Schema<?> body) {
    String name() {
      return method + " " + path;
    }
  }

  /** What the fuzzer found: counts by status and every answer that broke the rules. */
  public record Report(
      int sent,
      Map<Integer, Integer> byStatus,
      Map<String, Integer> byOperation,
      List<String> failures,
      long medianMillis,
      long maxMillis) {
    public long serverErrors() {
      return byStatus.entrySet().stream()
          .filter(e -> e.getKey() >= 500)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  /** Credentials the demo profile hands out; absent ones are simply not used. */
  record Credentials(
      String bearer,
      String applicantToken,
      String applicationId,
      String sessionId,
      String checkpointKey,
      String operatorBasic) {}

  public ApiFuzzer(String baseUrl, long seed) throws IOException, InterruptedException {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.seed = seed;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    readDocument();
    this.credentials = bootstrap();
  }

  /** The operations found in the document (for the report and tests). */
  public List<String> operations() {
    return operations.stream().map(Op::name).toList();
  }

  private void readDocument() throws IOException, InterruptedException {
    HttpResponse<String> doc =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (doc.statusCode() != 200) {
      throw new IOException("GET /v3/api-docs answered " + doc.statusCode());
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    OpenAPI api = new OpenAPIV3Parser().readContents(doc.body(), null, options).getOpenAPI();
    if (api == null || api.getPaths() == null) {
      throw new IOException("the OpenAPI document could not be read");
    }
    new TreeMap<>(api.getPaths())
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          Op op = op(method, path, operation);
                          if (!EXCLUDED.contains(op.name())) {
                            operations.add(op);
                          }
                        }));
    if (operations.isEmpty()) {
      throw new IOException("the OpenAPI document has no operations");
    }
  }

  private static Op op(PathItem.HttpMethod method, String path, Operation operation) {
    Schema<?> body = null;
    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      MediaType json = operation.getRequestBody().getContent().get("application/json");
      if (json == null && !operation.getRequestBody().getContent().isEmpty()) {
        json = operation.getRequestBody().getContent().values().iterator().next();
      }
      body = json == null ? null : json.getSchema();
    }
    List<Parameter> parameters =
        operation.getParameters() == null ? List.of() : operation.getParameters();
    return new Op(method.name(), path, parameters, body);
  }

  // --- credentials ----------------------------------------------------------------------------

  private Credentials bootstrap() throws InterruptedException {
    String checkpointKey = System.getProperty("fuzz.checkpointKey", "demo-checkpoint-key");
    String operator = System.getProperty("fuzz.operator", "demo:demo");
    String operatorBasic =
        "Basic " + Base64.getEncoder().encodeToString(operator.getBytes(StandardCharsets.UTF_8));
    String bearer = null;
    String token = null;
    String applicationId = null;
    String sessionId = null;
    Random random = new Random(seed);
    try {
      String username = "fuzz" + Long.toHexString(random.nextLong() & 0xffffffffL);
      String password = "fuzz-password-" + Long.toHexString(random.nextLong());
      String idNumber = idNumber(random);
      HttpResponse<String> created =
          send(
              "POST",
              "/api/v1/demo/users",
              JSON.writeValueAsString(
                  Map.of(
                      "username",
                      username,
                      "password",
                      password,
                      "name",
                      "模糊测试",
                      "idNumber",
                      idNumber)),
              Map.of("Content-Type", "application/json"));
      if (created.statusCode() == 201) {
        JsonNode login =
            JSON.readTree(
                send(
                        "POST",
                        "/api/v1/auth/login",
                        JSON.writeValueAsString(Map.of("username", username, "password", password)),
                        Map.of("Content-Type", "application/json"))
                    .body());
        bearer = login.path("accessToken").asText(null);
      }
      HttpResponse<String> guest =
          send(
              "POST",
              "/api/v1/applications",
              JSON.writeValueAsString(
                  Map.of(
                      "name",
                      "模糊",
                      "idType",
                      "RESIDENT_ID_CARD",
                      "idNumber",
                      idNumber(random),
                      "location",
                      Map.of("latitude", 39.9042, "longitude", 116.4074),
                      "consents",
                      Map.of("identity", true, "biometric", true, "location", true))),
              Map.of("Content-Type", "application/json"));
      if (guest.statusCode() == 201) {
        JsonNode g = JSON.readTree(guest.body());
        token = g.path("applicantToken").asText(null);
        applicationId = g.path("applicationId").asText(null);
        sessionId = g.path("liveness").path("sessionId").asText(null);
      }
    } catch (IOException | RuntimeException e) {
      // not the demo profile, or refused: fuzz without those credentials
    }
    return new Credentials(bearer, token, applicationId, sessionId, checkpointKey, operatorBasic);
  }

  /** A valid resident ID number (Beijing, born 1980–1999), for the fuzzer's own callers. */
  static String idNumber(Random random) {
    String first17 =
        "110105"
            + (1980 + random.nextInt(20))
            + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
            + String.format("%03d", random.nextInt(1000));
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * weights[i];
    }
    return first17 + "10X98765432".charAt(sum % 11);
  }

  // --- running --------------------------------------------------------------------------------

  /** Sends {@code requests} generated requests on {@code threads} threads; never throws. */
  public Report run(int requests, int threads) throws InterruptedException {
    Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
    Map<String, Integer> byOperation = new ConcurrentHashMap<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long[] millis = new long[requests];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < requests) {
                    // each request from its own seed: a failure can be replayed alone
                    Random random = new Random(seed * 1_000_003L + i);
                    Op op = operations.get(i % operations.size());
                    Generated g = generate(op, random);
                    long started = System.nanoTime();
                    int status = sendChecked(g, failures, i);
                    millis[i] = (System.nanoTime() - started) / 1_000_000;
                    byStatus.merge(status, 1, Integer::sum);
                    byOperation.merge(op.name(), 1, Integer::sum);
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add("fuzzer error: " + e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long[] sorted = millis.clone();
    java.util.Arrays.sort(sorted);
    return new Report(
        requests,
        new TreeMap<>(byStatus),
        new TreeMap<>(byOperation),
        List.copyOf(failures),
        sorted.length == 0 ? 0 : sorted[sorted.length / 2],
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }

  /** A request to send: method, path with query, headers, raw body (null: none). */
  record Generated(String method, String path, Map<String, String> headers, byte[] body) {
    String describe() {
      String shown =
          body == null
              ? ""
              : " body="
                  + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                      .replace("\u0000", "\\u0000");
      Map<String, String> h = new LinkedHashMap<>();
      headers.forEach((k, v) -> h.put(k, v.length() > 80 ? v.substring(0, 80) + "…" : v));
      return method
          + " "
          + (path.length() > 200 ? path.substring(0, 200) + "…" : path)
          + " "
          + h
          + shown;
    }
  }

  private int sendChecked(Generated g, List<String> failures, int index) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + g.path())).timeout(Duration.ofSeconds(10));
      g.headers().forEach(request::header);
      request.method(
          g.method(),
          g.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(g.body()));
      HttpResponse<String> r;
      try {
        r =
            client.send(
                request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException closed) {
        if (!String.valueOf(closed.getMessage()).contains("received no bytes")) {
          throw closed;
        }
        // most likely a pooled keep-alive connection the server had closed (seen once under a
        // load average of 40): sent once more; a second failure counts as a violation
        System.out.println("fuzz: #" + index + " resent after a closed keep-alive connection");
        r =
            client.send(
                request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      }
      int status = r.statusCode();
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (status >= 500) {
        failures.add("#" + index + " " + status + " for " + g.describe());
      } else if (status >= 400 && !type.startsWith("application/problem+json")) {
        failures.add("#" + index + " " + status + " as '" + type + "' for " + g.describe());
      }
      return status;
    } catch (HttpTimeoutException e) {
      failures.add("#" + index + " no answer within 10 s for " + g.describe());
      return -1;
    } catch (IllegalArgumentException e) {
      // a header or URI the client itself refuses to send: not a request
      return 0;
    } catch (IOException e) {
      failures.add("#" + index + " connection failed (" + e + ") for " + g.describe());
      return -2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -3;
    }
  }

  private HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  // --- generation -----------------------------------------------------------------------------

  Generated generate(Op op, Random random) {
    String method =
        random.nextInt(25) == 0
            ? pick(random, "GET", "POST", "PUT", "DELETE", "PATCH")
            : op.method();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", random.nextInt(8) == 0 ? pick(random, ACCEPTS) : "application/json");
    credentialFor(op, random, headers);
    StringBuilder query = new StringBuilder();
    String path = op.path();
    for (Parameter p : op.parameters()) {
      String value = parameterValue(p, random);
      switch (p.getIn()) {
        case "path" -> path = path.replace("{" + p.getName() + "}", encode(value));
        case "query" -> {
          if (value != null) {
            query.append(query.isEmpty() ? '?' : '&').append(p.getName()).append('=');
            query.append(encode(value));
          }
        }
        case "header" -> {
          if (value != null && random.nextBoolean()) {
            headers.put(p.getName(), value);
          }
        }
        default -> {}
      }
    }
    path = path.replaceAll("\\{[^}]+}", encode(randomString(random)));
    if (random.nextInt(20) == 0) {
      query
          .append(query.isEmpty() ? '?' : '&')
          .append("x=")
          .append(pick(random, "%00", "%zz", "%", "a%00b"));
    }
    if (random.nextInt(15) == 0) {
      headers.put(
          "Idempotency-Key", pick(random, UUID.randomUUID().toString(), "x".repeat(80), "é", " "));
    }
    if (random.nextInt(30) == 0) {
      headers.put("X-Padding", "p".repeat(pick(random, 5_000, 9_000, 20_000, 40_000)));
    }
    byte[] body = null;
    if (op.body() != null || random.nextInt(10) == 0) {
      body = body(op.body(), random);
      headers.put(
          "Content-Type",
          random.nextInt(10) == 0 ? pick(random, CONTENT_TYPES) : "application/json");
      if (headers.get("Content-Type").isEmpty()) {
        headers.remove("Content-Type");
      }
    }
    if ("GET".equals(method) || "DELETE".equals(method)) {
      body = random.nextInt(10) == 0 ? body : null;
    }
    return new Generated(method, path + query, headers, body);
  }

  private void credentialFor(Op op, Random random, Map<String, String> headers) {
    int choice = random.nextInt(10);
    if (choice == 0) {
      return; // none
    }
    if (choice == 1) {
      headers.put(
          pick(random, "Authorization", "X-Applicant-Token", "X-Checkpoint-Key", "X-View-Session"),
          pick(
              random,
              "Bearer " + randomString(random),
              randomString(random),
              "Basic !!",
              "Bearer "));
      return;
    }
    String path = op.path();
    if ((path.startsWith("/api/v1/reviews")
            || path.startsWith("/api/v1/audit")
            || path.startsWith("/api/v1/decisions")
            || path.startsWith("/api/v1/checkpoint-keys")
            || path.startsWith("/api/v1/operator"))
        && credentials.operatorBasic() != null) {
      headers.put("Authorization", credentials.operatorBasic());
    } else if ((path.startsWith("/api/v1/verifications") || path.startsWith("/api/v1/status-list"))
        && credentials.checkpointKey() != null) {
      headers.put("X-Checkpoint-Key", credentials.checkpointKey());
    } else if (path.startsWith("/api/v1/me") && credentials.bearer() != null) {
      headers.put("Authorization", "Bearer " + credentials.bearer());
    } else if (random.nextBoolean() && credentials.applicantToken() != null) {
      headers.put("X-Applicant-Token", credentials.applicantToken());
    } else if (credentials.bearer() != null) {
      headers.put("Authorization", "Bearer " + credentials.bearer());
    }
  }

  private String parameterValue(Parameter p, Random random) {
    if (!Boolean.TRUE.equals(p.getRequired()) && random.nextInt(4) == 0) {
      return null;
    }
    String name = p.getName().toLowerCase(java.util.Locale.ROOT);
    if (random.nextInt(3) > 0) {
      if (name.contains("session") && credentials.sessionId() != null) {
        return credentials.sessionId();
      }
      if (name.equals("id") || name.contains("application")) {
        if (credentials.applicationId() != null && random.nextBoolean()) {
          return credentials.applicationId();
        }
        return UUID.randomUUID().toString();
      }
    }
    return p.getSchema() == null
        ? randomString(random)
        : String.valueOf(scalar(p.getSchema(), random));
  }

  private byte[] body(Schema<?> schema, Random random) {
    Object value = schema == null ? Map.of("x", randomString(random)) : value(schema, random, 0);
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (IOException e) {
      json = "{}";
    }
    int mutation = random.nextInt(16);
    json =
        switch (mutation) {
          case 0 -> json.length() > 2 ? json.substring(0, random.nextInt(json.length())) : "{";
          case 1 -> json.startsWith("{") && json.length() > 2 ? duplicateKey(json, random) : json;
          case 2 -> "";
          case 3 -> pick(random, "null", "[]", "[{}]", "\"text\"", "12", "true", "{}", "{\"a\":");
          case 4 -> "[".repeat(2000) + "]".repeat(2000);
          case 5 -> json.replaceFirst("\"([^\"]*)\"", "\"$1\\\\u0000\"");
          case 6 ->
              json.replaceFirst(
                  ":\"[^\"]*\"", ":" + pick(random, "true", "5", "1.5", "null", "{}", "[]"));
          case 7 ->
              json.replaceFirst(
                  ":(true|false|-?[0-9.]+)",
                  ":"
                      + pick(
                          random,
                          "\"x\"",
                          "null",
                          "1e400",
                          "99999999999999999999999",
                          "-0",
                          "[1]"));
          case 8 -> json.replaceFirst("\\{", "{\"unknownField\":1,");
          case 9 -> json.replaceFirst(":\"[^\"]*\"", ":\"" + "长".repeat(5_000) + "\"");
          case 10 -> "{\"a\":\"" + "x".repeat(300_000) + "\"}";
          default -> json;
        };
    return json.getBytes(
        random.nextInt(30) == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
  }

  private static String duplicateKey(String json, Random random) {
    int colon = json.indexOf(':');
    if (colon < 0) {
      return json;
    }
    String firstKey = json.substring(1, colon);
    return "{"
        + firstKey
        + ":"
        + pick(random, "null", "1", "\"dup\"", "[]")
        + ","
        + json.substring(1);
  }

  /** A value for a schema: mostly valid, sometimes out of range; objects get every property. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Object value(Schema schema, Random random, int depth) {
    if (depth > 6) {
      return null;
    }
    String type = typeOf(schema);
    if ("object".equals(type) || schema.getProperties() != null) {
      Map<String, Object> object = new LinkedHashMap<>();
      if (schema.getProperties() != null) {
        ((Map<String, Schema>) schema.getProperties())
            .forEach(
                (name, property) -> {
                  if (random.nextInt(12) != 0) {
                    object.put(name, value(property, random, depth + 1));
                  }
                });
      }
      return object;
    }
    if ("array".equals(type)) {
      List<Object> list = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        list.add(
            schema.getItems() == null
                ? randomString(random)
                : value(schema.getItems(), random, depth + 1));
      }
      return list;
    }
    return scalar(schema, random);
  }

  @SuppressWarnings("rawtypes")
  private Object scalar(Schema schema, Random random) {
    if (schema.getEnum() != null && !schema.getEnum().isEmpty() && random.nextInt(5) > 0) {
      return schema.getEnum().get(random.nextInt(schema.getEnum().size()));
    }
    String type = typeOf(schema);
    if (type == null) {
      type = "string";
    }
    return switch (type) {
      case "boolean" -> random.nextInt(8) == 0 ? null : random.nextBoolean();
      case "integer" ->
          random.nextInt(6) == 0
              ? pick(random, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L)
              : (long) random.nextInt(100);
      case "number" ->
          random.nextInt(6) == 0
              ? pick(random, 1e308, -1e308, -0.0, 91.0, 181.0)
              : random.nextDouble() * 180 - 90;
      default -> {
        String format = schema.getFormat();
        if ("date-time".equals(format) && random.nextBoolean()) {
          yield "2026-01-15T08:00:00Z";
        }
        if ("uuid".equals(format) && random.nextBoolean()) {
          yield UUID.randomUUID().toString();
        }
        yield random.nextInt(3) == 0 ? randomString(random) : realistic(random);
      }
    };
  }

  private String realistic(Random random) {
    return pick(
        random,
        "张三",
        idNumber(random),
        "RESIDENT_ID_CARD",
        "ENTRY_GATE",
        "APPROVE",
        "PASS",
        "PT1M",
        credentials.sessionId() == null ? "s" : credentials.sessionId(),
        "gate-1",
        "u" + random.nextInt(1000));
  }

  @SuppressWarnings("rawtypes")
  private static String typeOf(Schema schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      return (String) schema.getTypes().iterator().next();
    }
    return null;
  }

  private static String randomString(Random random) {
    if (random.nextInt(3) == 0) {
      return pick(random, ODD_STRINGS);
    }
    int n = random.nextInt(40);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      s.append(
          kind < 6
              ? (char) ('a' + random.nextInt(26))
              : kind < 8
                  ? (char) (0x20 + random.nextInt(0x5f))
                  : (char) (0x4e00 + random.nextInt(500)));
    }
    return s.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  // --- command --------------------------------------------------------------------------------

  /**
   * {@code ApiFuzzer BASE_URL [REQUESTS=10000] [SEED=now] [THREADS=4]}: prints the figures, exits 1
   * when any answer was ≥ 500, a 4xx was not problem+json, or a request hung.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ApiFuzzer BASE_URL [REQUESTS=10000] [SEED] [THREADS=4]");
      System.exit(2);
    }
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : System.currentTimeMillis();
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    ApiFuzzer fuzzer = new ApiFuzzer(args[0], seed);
    long started = System.nanoTime();
    Report report = fuzzer.run(requests, threads);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    print(report, fuzzer.operations().size(), seed, seconds);
    System.exit(report.failures().isEmpty() ? 0 : 1);
  }

  /** The figures, one {@code fuzz: …} line each, and the first failures. */
  public static void print(Report report, int operations, long seed, long seconds) {
    System.out.println("fuzz: seed " + seed);
    System.out.println("fuzz: operations " + operations);
    System.out.println("fuzz: requests " + report.sent() + " in " + seconds + " s");
    // 0 = a generated header or URI java.net.http itself refuses to send (never reached the
    // server); a connection the server closed is a rule violation (-2), not a 0
    System.out.println(
        "fuzz: answers by status (0 = not sendable by the client) " + report.byStatus());
    System.out.println("fuzz: answers >= 500: " + report.serverErrors());
    System.out.println("fuzz: rule violations: " + report.failures().size());
    System.out.println(
        "fuzz: median " + report.medianMillis() + " ms, max " + report.maxMillis() + " ms");
    report.failures().stream().limit(20).forEach(f -> System.out.println("fuzz: FAILED " + f));
  }
}
