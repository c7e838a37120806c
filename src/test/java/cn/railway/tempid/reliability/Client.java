package cn.railway.tempid.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP over {@link HttpClient} to one node, as a passenger app or a load balancer's health check
 * calls it. Never throws: a request that got no answer (refused, reset, timed out) is a {@link
 * Reply} with status {@link #NO_ANSWER} and the reason, so a scenario counts it instead of dying.
 * Loopback only.
 */
final class Client {
  static final int NO_ANSWER = -1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Client() {}

  /** One answer (or none), with how long it took. */
  record Reply(
      String node,
      int status,
      JsonNode body,
      String contentType,
      String retryAfter,
      long millis,
      String failure) {
    boolean answered() {
      return status != NO_ANSWER;
    }

    /** No TCP connection at all (the node is down): safe to send the request elsewhere. */
    boolean refused() {
      return failure != null && failure.startsWith("refused");
    }

    boolean timedOut() {
      return failure != null && failure.startsWith("timeout");
    }

    String text(String field) {
      return body == null ? null : body.path(field).asText(null);
    }

    String code() {
      return text("code");
    }

    @Override
    public String toString() {
      return node
          + " "
          + (answered() ? status + (code() == null ? "" : " " + code()) : "no answer: " + failure)
          + " in "
          + millis
          + " ms";
    }
  }

  static Reply get(String node, String baseUrl, String path, Duration timeout, String... headers) {
    return send(node, request(baseUrl, path, timeout, headers).GET());
  }

  static Reply post(
      String node, String baseUrl, String path, Object body, Duration timeout, String... headers) {
    try {
      String json = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(
          node,
          request(baseUrl, path, timeout, headers)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not serialisable: " + body, e);
    }
  }

  private static HttpRequest.Builder request(
      String baseUrl, String path, Duration timeout, String... headers) {
    URI uri = URI.create(baseUrl + path);
    if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
      throw new IllegalArgumentException("the reliability command only targets loopback: " + uri);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.setHeader(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private static Reply send(String node, HttpRequest.Builder request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode body = null;
      String raw = response.body();
      if (raw != null && !raw.isBlank()) {
        try {
          body = JSON.readTree(raw);
        } catch (IOException notJson) {
          body = null;
        }
      }
      return new Reply(
          node,
          response.statusCode(),
          body,
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Retry-After").orElse(null),
          elapsed(started),
          null);
    } catch (HttpTimeoutException e) {
      return new Reply(node, NO_ANSWER, null, "", null, elapsed(started), "timeout");
    } catch (ConnectException e) {
      return new Reply(node, NO_ANSWER, null, "", null, elapsed(started), "refused");
    } catch (IOException e) {
      return new Reply(node, NO_ANSWER, null, "", null, elapsed(started), "io: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(node, NO_ANSWER, null, "", null, elapsed(started), "interrupted");
    }
  }

  private static long elapsed(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
