package cn.railway.tempid.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationStarts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Properties of the request bodies over real HTTP (jqwik, against the service on the embedded
 * default started for this class): whatever JSON a client sends to an endpoint that reads a body,
 * the answer is never ≥ 500 and every 4xx is problem+json with a code and both messages; a field of
 * a submission given a value of another JSON type is a {@code 400} naming exactly that field.
 */
class RequestBodyProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BODY_ENDPOINTS =
      List.of(
          "/api/v1/auth/login",
          "/api/v1/applications",
          "/api/v1/certificates/lookup",
          "/api/v1/verifications",
          "/api/v1/demo/registry/persons");

  private static ConfigurableApplicationContext service;
  private static HttpClient client;
  private static String base;

  @BeforeContainer
  static void start() {
    Map<String, Object> properties = new LinkedHashMap<>();
    // a database of its own beside the other contexts of this JVM; jobs off (profile test)
    properties.put(
        "spring.datasource.url",
        "jdbc:h2:mem:bodies-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    service = ApplicationStarts.run(new String[] {"demo", "test"}, properties);
    base = "http://127.0.0.1:" + ApplicationStarts.port(service);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterContainer
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  record Answer(int status, String contentType, JsonNode body, String raw) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + raw;
    }
  }

  private static Answer post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("X-Checkpoint-Key", "demo-checkpoint-key")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> r =
        client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode json = null;
    if (type.contains("json") && !r.body().isBlank()) {
      json = JSON.readTree(r.body());
    }
    return new Answer(r.statusCode(), type, json, r.body());
  }

  // --- any JSON -------------------------------------------------------------------------------

  @Provide
  Arbitrary<String> anyJson() {
    return value(3).map(RequestBodyProperties::write);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.strings().withChars("张三\u0000 X0123456789").ofMaxLength(20).map(s -> s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b))
            .injectNull(0.1);
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of(
                "name",
                "idType",
                "idNumber",
                "location",
                "latitude",
                "longitude",
                "consents",
                "identity",
                "username",
                "password",
                "token",
                "checkpoint",
                "id",
                "type",
                "flags"),
            Arbitraries.strings().alpha().ofMaxLength(8));
    Arbitrary<Object> object =
        Arbitraries.maps(keys, value(depth - 1)).ofMaxSize(7).map(m -> (Object) m);
    Arbitrary<Object> array = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
    return Arbitraries.frequencyOf(Tuple.of(3, object), Tuple.of(1, array), Tuple.of(2, scalar));
  }

  @Property(tries = 150)
  void anyJsonBody_toAnyEndpoint_isNever5xx_andEvery4xxIsAProblem(
      @ForAll("anyJson") String body, @ForAll("endpoints") String endpoint) throws Exception {
    Answer a = post(endpoint, body);

    assertThat(a.status()).as("%s <- %s", a, body).isLessThan(500);
    if (a.status() >= 400) {
      assertThat(a.contentType()).as("%s", a).startsWith("application/problem+json");
      assertThat(a.body().path("code").asText()).as("%s", a).matches("[A-Z_]+");
      assertThat(a.body().path("messageZh").asText()).isNotBlank();
      assertThat(a.body().path("messageEn").asText()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Arbitraries.of(BODY_ENDPOINTS);
  }

  // --- wrong types in a submission ------------------------------------------------------------

  /** A field of a valid submission, by path, and what kind of value it takes. */
  enum Field {
    NAME("name", "string"),
    ID_TYPE("idType", "string"),
    ID_NUMBER("idNumber", "string"),
    LATITUDE("location.latitude", "number"),
    LONGITUDE("location.longitude", "number"),
    ACCURACY("location.accuracyMeters", "number"),
    CONSENT_IDENTITY("consents.identity", "boolean"),
    CONSENT_BIOMETRIC("consents.biometric", "boolean"),
    CONSENT_LOCATION("consents.location", "boolean");

    final String path;
    final String kind;

    Field(String path, String kind) {
      this.path = path;
      this.kind = kind;
    }
  }

  @Provide
  Arbitrary<Object> anyJsonValueButNull() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.doubles().between(-1000, 1000).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(List.of()).map(l -> (Object) l),
        Arbitraries.just(Map.of("a", 1)).map(m -> (Object) m));
  }

  private static boolean sameKind(Object value, String kind) {
    return switch (kind) {
      case "string" -> value instanceof String;
      case "number" -> value instanceof Number;
      default -> value instanceof Boolean;
    };
  }

  @Property(tries = 150)
  void aFieldOfAnotherJsonType_isA400_namingThatField(
      @ForAll Field field, @ForAll("anyJsonValueButNull") Object value) throws Exception {
    if (sameKind(value, field.kind)) {
      return;
    }
    Map<String, Object> body = validSubmission();
    String[] parts = field.path.split("\\.");
    @SuppressWarnings("unchecked")
    Map<String, Object> parent =
        parts.length == 1 ? body : (Map<String, Object>) body.get(parts[0]);
    parent.put(parts[parts.length - 1], value);

    Answer a = post("/api/v1/applications", write(body));

    assertThat(a.status()).as("%s", a).isEqualTo(400);
    assertThat(a.body().path("code").asText()).isEqualTo("VALIDATION_FAILED");
    List<String> fields = new ArrayList<>();
    a.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).as("%s", a).containsExactly(field.path);
  }

  private static Map<String, Object> validSubmission() {
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("latitude", 39.9042);
    location.put("longitude", 116.4074);
    location.put("accuracyMeters", 35);
    Map<String, Object> consents = new LinkedHashMap<>();
    consents.put("identity", true);
    consents.put("biometric", true);
    consents.put("location", true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "张三");
    body.put("idType", "RESIDENT_ID_CARD");
    body.put("idNumber", "11010519491231002X");
    body.put("location", location);
    body.put("consents", consents);
    return body;
  }
}
