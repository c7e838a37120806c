package cn.railway.tempid.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import cn.railway.tempid.shared.web.Routes;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code /v3/api-docs} is a contract: a real OpenAPI parser reads it without an error or warning;
 * the committed copy the client is generated from ({@value #COMMITTED}) is the served document;
 * every operation has its caller, typed bodies and problem responses; and the running service keeps
 * to it: each documented caller requirement is enforced, and every status and problem code the
 * service answers to probes of every operation is documented for that operation.
 *
 * <p>After a deliberate change of the API: {@code mvn test -Dtest=OpenApiContractTest
 * -Dopenapi.write=true} rewrites the committed copy (review the diff).
 */
@ApplicationTest
class OpenApiContractTest {
  static final String COMMITTED = "src/test/openapi/api-docs.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBLEM_JSON = "application/problem+json";

  /** Operations whose request body is a DMN file. */
  private static final List<String> XML_BODIES = List.of("POST /api/v1/decisions/{key}/replay");

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlers;

  private Map<String, Route> routes;
  private HttpClient client;
  private String served;
  private OpenAPI api;

  @BeforeEach
  void readDocument() throws Exception {
    routes = new LinkedHashMap<>();
    Routes.of(handlers).forEach(route -> routes.put(route.name(), route.route()));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> doc = send("GET", "/v3/api-docs", null, Map.of());
    assertThat(doc.statusCode()).isEqualTo(200);
    served = doc.body();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(served, null, options);
    assertThat(result.getMessages()).as("parser errors and warnings").isEmpty();
    api = result.getOpenAPI();
  }

  @Test
  void theCommittedCopy_isTheServedDocument() throws Exception {
    JsonNode now = JSON.readTree(served);
    Path committed = Path.of(COMMITTED);
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(
          committed,
          JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(now) + "\n",
          StandardCharsets.UTF_8);
    }
    assertThat(JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8)))
        .as(
            COMMITTED
                + " (the client is generated from it) differs from /v3/api-docs: rerun with"
                + " -Dopenapi.write=true and review the diff")
        .isEqualTo(now);
  }

  @Test
  void everyOperation_isInTheContract_withCallerTypedBodiesAndProblemResponses() {
    List<String> documented = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> documented.add(method + " " + path)));
    assertThat(documented)
        .as("operations of the document")
        .containsExactlyInAnyOrderElementsOf(routes.keySet());
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> checkOperation(method + " " + path, op)));
  }

  private void checkOperation(String name, Operation op) {
    Route route = routes.get(name);
    assertThat(op.getOperationId()).as(name).isEqualTo(route.id());
    assertThat(op.getSummary()).as(name + " summary").isNotBlank();
    if (Routes.needsCaller(route)) {
      assertThat(op.getSecurity()).as(name + " security").isNotEmpty();
      assertThat(op.getResponses()).as(name + " documents 401").containsKey("401");
    }
    if (op.getRequestBody() != null) {
      // JSON, except a decision table, which is sent as the DMN file itself (API.md)
      List<String> types =
          XML_BODIES.contains(name)
              ? List.of("application/xml", "text/xml")
              : List.of("application/json");
      assertThat(op.getRequestBody().getContent().keySet())
          .as(name + " request media types")
          .doesNotContain("*/*")
          .allSatisfy(type -> assertThat(type).isIn(types));
      assertThat(op.getRequestBody().getContent().get(types.get(0)).getSchema())
          .as(name + " request schema")
          .isNotNull();
    }
    boolean success = false;
    for (Map.Entry<String, ApiResponse> r : op.getResponses().entrySet()) {
      int status = Integer.parseInt(r.getKey());
      ApiResponse response = r.getValue();
      if (status < 300) {
        success = true;
        if (response.getContent() != null) {
          response
              .getContent()
              .forEach(
                  (type, media) -> {
                    assertThat(type).as(name + " media type").isNotEqualTo("*/*");
                    assertThat(media.getSchema()).as(name + " " + type).isNotNull();
                    boolean typed =
                        media.getSchema().get$ref() != null
                            || media.getSchema().getItems() != null
                            || media.getSchema().getProperties() != null
                            || !"object".equals(media.getSchema().getType());
                    assertThat(typed).as(name + " " + type + " is typed").isTrue();
                  });
        }
      } else {
        assertThat(response.getContent().keySet())
            .as(name + " " + status)
            .containsOnly(PROBLEM_JSON);
        MediaType media = response.getContent().get(PROBLEM_JSON);
        assertThat(media.getSchema().get$ref()).endsWith("/Problem");
        assertThat(media.getExamples()).as(name + " " + status + " codes").isNotEmpty();
      }
    }
    assertThat(success).as(name + " has a success response").isTrue();
  }

  @Test
  void submitApplication_isDocumentedAs201WithTheApplication() {
    Operation submit = api.getPaths().get("/api/v1/applications").getPost();
    assertThat(submit.getResponses()).containsKey("201").doesNotContainKey("200");
    assertThat(
            submit
                .getResponses()
                .get("201")
                .getContent()
                .get("application/json")
                .getSchema()
                .get$ref())
        .endsWith("/ApplicationView");
    assertThat(submit.getResponses().get("422").getContent().get(PROBLEM_JSON).getExamples())
        .containsKeys("QUOTA_EXCEEDED", "ID_TYPE_NOT_SUPPORTED", "CONSENT_REQUIRED");
    assertThat(
            api.getPaths()
                .get("/api/v1/verification-keys")
                .getGet()
                .getResponses()
                .get("200")
                .getContent()
                .get("application/json")
                .getSchema()
                .get$ref())
        .endsWith("/JwkSet");
    assertThat(api.getComponents().getSecuritySchemes())
        .containsKeys("passenger", "guest", "viewSession", "checkpoint", "operator");
    assertThat(api.getComponents().getSecuritySchemes().get("checkpoint").getName())
        .isEqualTo("X-Checkpoint-Key");
  }

  /**
   * Every problem code the main sources refer to ({@code ProblemCode.X}, i.e. a code some handler,
   * filter or service can answer) is documented on at least one operation, under its status. Left
   * out: {@code INTERNAL_ERROR} (a bug, never a contract), {@code METHOD_NOT_ALLOWED} (another
   * method than the documented ones) and the reason codes of ended applications (no HTTP status).
   */
  @Test
  void everyCodeTheSourcesAnswer_isDocumentedSomewhere() throws Exception {
    java.util.Set<String> referenced = new java.util.TreeSet<>();
    java.util.regex.Pattern use =
        java.util.regex.Pattern.compile("ProblemCode\\.([A-Z][A-Z_]+)\\b");
    try (var files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (file.endsWith("ProblemCode.java")) {
          continue;
        }
        var m = use.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          referenced.add(m.group(1));
        }
      }
    }
    java.util.Set<String> documented = new java.util.TreeSet<>();
    api.getPaths()
        .values()
        .forEach(
            item ->
                item.readOperationsMap()
                    .values()
                    .forEach(
                        op ->
                            op.getResponses()
                                .forEach(
                                    (status, response) -> {
                                      if (response.getContent() != null
                                          && response.getContent().get(PROBLEM_JSON) != null) {
                                        documented.addAll(
                                            response
                                                .getContent()
                                                .get(PROBLEM_JSON)
                                                .getExamples()
                                                .keySet());
                                      }
                                    })));
    referenced.removeIf(
        code -> {
          cn.railway.tempid.shared.problem.ProblemCode c;
          try {
            c = cn.railway.tempid.shared.problem.ProblemCode.valueOf(code);
          } catch (IllegalArgumentException constant) {
            return true; // e.g. ProblemCode.STATION_POLICE_WINDOW, a guidance value
          }
          return c == cn.railway.tempid.shared.problem.ProblemCode.INTERNAL_ERROR
              || c == cn.railway.tempid.shared.problem.ProblemCode.METHOD_NOT_ALLOWED
              || isReasonOnly(c);
        });
    assertThat(documented).as("codes documented on some operation").containsAll(referenced);
  }

  private static boolean isReasonOnly(cn.railway.tempid.shared.problem.ProblemCode code) {
    // reason codes of ended applications are declared after INTERNAL_ERROR, without a status
    return code.ordinal() > cn.railway.tempid.shared.problem.ProblemCode.INTERNAL_ERROR.ordinal();
  }

  /** Without a credential, an operation that needs a caller is 401; one that does not, never. */
  @Test
  void theDocumentedCallerRequirements_areWhatTheServiceEnforces() throws Exception {
    Map<String, String> wrong = new TreeMap<>();
    forEachOperation(
        (name, method, path, op) -> {
          HttpResponse<String> r = send(method, concrete(path), body(op), Map.of());
          if (Routes.needsCaller(routes.get(name))) {
            if (r.statusCode() != 401) {
              wrong.put(name, "anonymous call answered " + r.statusCode() + ", documented 401");
            }
          } else if (r.statusCode() == 401) {
            wrong.put(name, "anonymous call answered 401, documented without a caller");
          }
        });
    assertThat(wrong).isEmpty();
  }

  /**
   * Probes every operation with each caller (none, the right credential, a wrong one) and bad input
   * (empty and malformed bodies, unknown ids, an Accept it cannot serve, a text body): every
   * answered status is documented for the operation, and for a problem its code is one of that
   * status's documented examples.
   */
  @Test
  void everyStatusAndCodeTheServiceAnswers_isDocumentedForTheOperation() throws Exception {
    Map<String, String> credentials = credentials();
    Map<String, String> undocumented = new TreeMap<>();
    forEachOperation(
        (name, method, path, op) -> {
          List<Map<String, String>> callers = new ArrayList<>();
          callers.add(Map.of());
          Routes.schemes(routes.get(name)).stream()
              .filter(s -> !s.isEmpty())
              .forEach(
                  s -> {
                    String[] header = credentials.get(s).split(": ", 2);
                    callers.add(Map.of(header[0], header[1]));
                    if (!s.equals(CallerKind.OPERATOR_SCHEME)) {
                      // (a wrong operator password counts against this address's login limit,
                      // which every test of the shared context uses)
                      callers.add(Map.of(header[0], header[1] + "x"));
                    }
                  });
          for (Map<String, String> caller : callers) {
            List<HttpResponse<String>> answers = new ArrayList<>();
            answers.add(send(method, concrete(path), body(op), caller));
            if (op.getRequestBody() != null) {
              answers.add(send(method, concrete(path), "{}", caller));
              answers.add(send(method, concrete(path), "{\"x\":", caller));
              Map<String, String> text = new LinkedHashMap<>(caller);
              text.put("Content-Type", "text/plain");
              answers.add(send(method, concrete(path), "hello", text));
            }
            Map<String, String> xml = new LinkedHashMap<>(caller);
            xml.put("Accept", "application/xml");
            answers.add(send(method, concrete(path), body(op), xml));
            for (HttpResponse<String> answer : answers) {
              String problem = documented(op, answer);
              if (problem != null) {
                undocumented.put(name + " " + answer.statusCode(), problem);
              }
            }
          }
        });
    assertThat(undocumented).as("answers the document does not list").isEmpty();
  }

  /** Null when the answer is documented, else what is missing. */
  private String documented(Operation op, HttpResponse<String> answer) throws Exception {
    String status = String.valueOf(answer.statusCode());
    ApiResponse response = op.getResponses().get(status);
    if (response == null) {
      return "status not documented: " + answer.body();
    }
    if (answer.statusCode() >= 400) {
      assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
      String code = JSON.readTree(answer.body()).path("code").asText();
      if (!response.getContent().get(PROBLEM_JSON).getExamples().containsKey(code)) {
        return "code " + code + " not documented";
      }
    }
    return null;
  }

  private Map<String, String> credentials() throws Exception {
    HttpApi http = new HttpApi(port);
    String id = TestIdentities.randomIdNumber();
    http.post(
        "/api/v1/demo/registry/persons", Map.of("name", "赵六", "idNumber", id, "flags", List.of()));
    HttpApi.Answer submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("赵六", id));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    HttpApi.Answer login =
        http.post(
            "/api/v1/auth/login", Map.of("username", "lisi", "password", "lisi-demo-password"));
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("passenger", "Authorization: Bearer " + login.text("accessToken"));
    credentials.put("guest", "X-Applicant-Token: " + submitted.text("applicantToken"));
    credentials.put("viewSession", "X-View-Session: not-a-view-session");
    credentials.put("checkpoint", "X-Checkpoint-Key: demo-checkpoint-key");
    credentials.put(
        "operator",
        "Authorization: Basic "
            + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)));
    credentials.put("livenessProvider", "X-Liveness-Signature: 00");
    return credentials;
  }

  interface OperationCheck {
    void check(String name, String method, String path, Operation op) throws Exception;
  }

  private void forEachOperation(OperationCheck check) throws Exception {
    for (var path : new TreeMap<>(api.getPaths()).entrySet()) {
      for (var op : path.getValue().readOperationsMap().entrySet()) {
        String name = op.getKey() + " " + path.getKey();
        if (name.equals("POST /api/v1/demo/clock") || name.equals("POST /api/v1/auth/logout")) {
          continue; // would change what every other test sees
        }
        check.check(name, op.getKey().name(), path.getKey(), op.getValue());
      }
    }
  }

  private static String concrete(String path) {
    return path.replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000000");
  }

  private static String body(Operation op) {
    return op.getRequestBody() == null ? null : "{}";
  }

  private HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
