package cn.railway.tempid.registry.http;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The population registry behind a gateway (docs/registry-http-contract.md): one signed {@code POST
 * <baseUrl>/v1/identity-checks} per lookup, the ID number and name in the JSON body (never in the
 * URL), the answer {@code {result, flags, requestId}}. Lookups are idempotent, so technical
 * failures (timeouts, 429, 5xx, refused signatures, malformed answers) are retried with backoff
 * inside the guard's bulkhead and circuit breaker, then reported as {@link
 * RegistryUnavailableException}. Logs carry the status, the gateway's request id and ours, never
 * the identity or the answer's flags.
 */
class HttpPopulationRegistry implements PopulationRegistry {
  static final String PATH = "/v1/identity-checks";
  private static final Logger log = LoggerFactory.getLogger(HttpPopulationRegistry.class);
  private static final Pattern FLAG = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
  private static final int MAX_FLAGS = 16;
  private static final int MIN_SECRET_LENGTH = 32;

  private final HttpClient http;
  private final URI uri;
  private final HttpRegistrySettings settings;
  private final byte[] secret;
  private final ObjectMapper json;
  private final Clock clock;
  private final ProviderGuard guard;

  HttpPopulationRegistry(
      HttpRegistrySettings settings, ObjectMapper json, Clock clock, ProviderGuard guard) {
    if (settings.secret().strip().length() < MIN_SECRET_LENGTH) {
      throw new IllegalStateException(
          "tempid.registry.http.secret (TEMPID_REGISTRY_HTTP_SECRET) must be at least "
              + MIN_SECRET_LENGTH
              + " characters");
    }
    this.settings = settings;
    this.secret = settings.secret().getBytes(StandardCharsets.UTF_8);
    this.json = json;
    this.clock = clock;
    this.guard = guard;
    String base = settings.baseUrl().replaceAll("/+$", "");
    this.uri = URI.create(base + PATH);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Answer lookUp(String idNumber, String name) {
    return guard.idempotent(() -> call(idNumber, name));
  }

  CircuitBreaker.State breakerState() {
    return guard.state();
  }

  private Answer call(String idNumber, String name) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("idNumber", idNumber);
    body.put("name", name);
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the lookup body");
    }
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    String nonce = UUID.randomUUID().toString();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.readTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("X-Tempid-Key-Id", settings.keyId())
            .header("X-Tempid-Timestamp", timestamp)
            .header("X-Tempid-Nonce", nonce)
            .header(
                "X-Tempid-Signature",
                RequestSignature.sign(secret, "POST", uri.getRawPath(), timestamp, nonce, bytes))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw unavailable("TIMEOUT", nonce, null, null);
    } catch (IOException e) {
      throw unavailable("TRANSPORT " + e.getClass().getSimpleName(), nonce, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("INTERRUPTED", nonce, null, null);
    }
    String gatewayId = response.headers().firstValue("X-Request-Id").orElse(null);
    int status = response.statusCode();
    if (status != 200) {
      throw unavailable("HTTP " + status, nonce, gatewayId, retryAfter(response));
    }
    Answer answer = parse(response.body(), nonce, gatewayId);
    log.info(
        "Registry lookup answered {} (request {}, gateway {})", answer.result(), nonce, gatewayId);
    return answer;
  }

  private Answer parse(byte[] body, String nonce, String gatewayId) {
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      throw unavailable("MALFORMED_BODY", nonce, gatewayId, null);
    }
    if (node == null || !node.path("result").isTextual()) {
      throw unavailable("MALFORMED_BODY", nonce, gatewayId, null);
    }
    Result result;
    try {
      result = Result.valueOf(node.get("result").asText());
    } catch (IllegalArgumentException e) {
      throw unavailable("UNKNOWN_RESULT", nonce, gatewayId, null);
    }
    Set<String> flags = new TreeSet<>();
    JsonNode list = node.path("flags");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray() || list.size() > MAX_FLAGS) {
        throw unavailable("MALFORMED_FLAGS", nonce, gatewayId, null);
      }
      for (JsonNode flag : list) {
        if (!flag.isTextual() || !FLAG.matcher(flag.asText()).matches()) {
          throw unavailable("MALFORMED_FLAGS", nonce, gatewayId, null);
        }
        flags.add(flag.asText());
      }
    }
    if (result != Result.MATCH && !flags.isEmpty()) {
      // flags describe a person the registry found under this name; anything else is malformed
      throw unavailable("FLAGS_WITHOUT_MATCH", nonce, gatewayId, null);
    }
    return new Answer(result, Set.copyOf(flags));
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,5}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  private static RegistryUnavailableException unavailable(
      String what, String nonce, String gatewayId, Duration retryAfter) {
    log.warn("Registry lookup failed: {} (request {}, gateway {})", what, nonce, gatewayId);
    return new RegistryUnavailableException("registry lookup failed: " + what, retryAfter);
  }
}
