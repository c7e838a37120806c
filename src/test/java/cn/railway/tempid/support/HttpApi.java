package cn.railway.tempid.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The REST API over real HTTP (java.net.http), the way a passenger app and the demo tools call a
 * running server. Thread-safe: one instance may be shared by concurrent callers.
 */
public final class HttpApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final String base;

  public HttpApi(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** An HTTP answer: status and parsed JSON body (null when empty or not JSON). */
  public record Answer(int status, JsonNode body, String raw) {
    public String text(String field) {
      return body == null ? null : body.path(field).asText(null);
    }

    @Override
    public String toString() {
      return status + " " + raw;
    }
  }

  public Answer post(String path, Object body, String... headers) {
    try {
      return send(
          request(path, headers)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      body instanceof String s ? s : JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Answer get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    boolean accept = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      accept |= headers[i].equalsIgnoreCase("Accept");
    }
    return accept ? request : request.header("Accept", "application/json");
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String raw = response.body();
      JsonNode body = null;
      if (raw != null && !raw.isBlank()) {
        try {
          body = JSON.readTree(raw);
        } catch (IOException notJson) {
          body = null;
        }
      }
      return new Answer(response.statusCode(), body, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // --- the passenger's and the demo tools' calls -------------------------------------------

  /** Adds a person to the simulated population registry (demo profile). */
  /**
   * Health as a load balancer sees a node that has just started: polled until {@code 200} (the
   * database check runs in the background, so the first answers may be {@code 503} on a busy
   * machine), at most {@code within}; the last answer either way, for the caller to assert.
   */
  public Answer awaitHealthy(Duration within) {
    Instant deadline = Instant.now().plus(within);
    Answer last = get("/actuator/health");
    while (last.status() != 200 && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      last = get("/actuator/health");
    }
    return last;
  }

  public void inRegistry(String name, String idNumber) {
    Answer a =
        post(
            "/api/v1/demo/registry/persons",
            Map.of("name", name, "idNumber", idNumber, "flags", List.of()));
    if (a.status() != 201) {
      throw new IllegalStateException("registry person not created: " + a);
    }
  }

  public Answer submitAsGuest(String name, String idNumber) {
    return post("/api/v1/applications", Passengers.guestApplication(name, idNumber));
  }

  /** The simulated provider completes the capture (demo profile); 204 expected. */
  public Answer completeLiveness(String sessionId, String outcome) {
    Map<String, Object> body = new HashMap<>();
    body.put("outcome", outcome);
    return post("/api/v1/demo/liveness/" + sessionId, body);
  }

  public Answer application(String applicationId, String applicantToken) {
    return get("/api/v1/applications/" + applicationId, "X-Applicant-Token", applicantToken);
  }

  /** Polls the application until its status is one of {@code statuses}; fails after timeout. */
  public Answer awaitStatus(
      String applicationId, String applicantToken, Duration timeout, String... statuses) {
    Set<String> wanted = Set.of(statuses);
    AtomicReference<Answer> last = new AtomicReference<>();
    try {
      await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Answer a = application(applicationId, applicantToken);
                last.set(a);
                return a.status() == 200 && wanted.contains(a.text("status"));
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "application "
              + applicationId
              + " did not reach "
              + wanted
              + " within "
              + timeout
              + "; last answer: "
              + last.get(),
          e);
    }
    return last.get();
  }

  public Instant clockNow() {
    return Instant.parse(get("/api/v1/demo/clock").text("now"));
  }

  public Instant advanceClock(Duration amount) {
    return moveClock(Map.of("advance", amount.toString()));
  }

  public Instant setClock(Instant instant) {
    return moveClock(Map.of("set", instant.toString()));
  }

  private Instant moveClock(Map<String, Object> body) {
    Answer a = post("/api/v1/demo/clock", body);
    if (a.status() != 200) {
      throw new IllegalStateException("clock not moved: " + a);
    }
    return Instant.parse(a.text("now"));
  }
}
