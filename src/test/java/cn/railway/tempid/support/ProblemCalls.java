package cn.railway.tempid.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls over real HTTP whose answer is read as a client under load reads it: the status, the {@code
 * Content-Type} and {@code Retry-After} headers, the JSON body and how long the answer took. For
 * the tests of shed, failing and exhausted nodes. Thread-safe.
 */
public final class ProblemCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final String base;

  public ProblemCalls(int port, Duration connectTimeout) {
    this.base = "http://127.0.0.1:" + port;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  /** An answer: status, headers a shed or failing node sets, the JSON body, the time it took. */
  public record Answer(
      int status, String contentType, String retryAfter, JsonNode body, long millis) {
    /** The problem's stable {@code code}, or null. */
    public String code() {
      return body == null ? null : body.path("code").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + contentType + " Retry-After=" + retryAfter + " " + body;
    }
  }

  /**
   * The request: {@code Accept: application/json}, the headers as name-value pairs, and a JSON body
   * (a String as it is, anything else written as JSON) or none.
   */
  public HttpRequest request(String method, String path, Object body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String json = body instanceof String s ? s : JSON.writeValueAsString(body);
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    return request.build();
  }

  public Answer call(String method, String path, Object body, String... headers) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> r =
        client.send(
            request(method, path, body, headers),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode json;
    try {
      json = r.body().isBlank() ? null : JSON.readTree(r.body());
    } catch (Exception notJson) {
      json = null;
    }
    return new Answer(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null),
        r.headers().firstValue("Retry-After").orElse(null),
        json,
        millis);
  }

  /** Sends without waiting for the answer (a request held in flight). */
  public java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(
      String method, String path, Object body, String... headers) throws Exception {
    return client.sendAsync(
        request(method, path, body, headers),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
