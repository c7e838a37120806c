package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code Prefer: wait=N} on GET /applications/{id} (docs/long-poll.md): a waiting request is
 * answered right after the application changes, not after N seconds; without the header the answer
 * is unchanged. Real HTTP (servlet async), the journey driven by the test.
 */
@ApplicationTest
class LongPollTest {
  @Autowired Passengers passengers;
  @Autowired ChangeSignals signals;
  @Autowired ObjectMapper json;
  @Autowired MeterRegistry meters;
  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  record Guest(String id, String token, String sessionId) {}

  Guest submitted() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Passengers.Answer a = passengers.submitAsGuest("张三", idNumber);
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.text("status")).isEqualTo("AWAITING_LIVENESS");
    return new Guest(
        a.text("applicationId"),
        a.text("applicantToken"),
        a.body().path("liveness").path("sessionId").asText());
  }

  CompletableFuture<HttpResponse<String>> get(Guest g, String prefer) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/applications/" + g.id))
            .timeout(Duration.ofSeconds(60))
            .header("X-Applicant-Token", g.token);
    if (prefer != null) {
      r.header("Prefer", prefer);
    }
    return http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode body(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  void untilWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (signals.waiting() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(signals.waiting()).as("requests waiting").isGreaterThanOrEqualTo(n);
  }

  @Test
  void aWaitingRequestIsAnsweredRightAfterTheStatusChanges_notAfterItsWait() throws Exception {
    Guest g = submitted();
    int before = signals.waiting();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> waiting = get(g, "wait=25");
    untilWaiting(before + 1);
    assertThat(waiting).isNotDone(); // nothing changed yet: it waits

    passengers.completeLiveness(g.id, g.sessionId, "PASS", null, null);

    HttpResponse<String> answer = waiting.get(20, TimeUnit.SECONDS);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=25");
    assertThat(body(answer).path("status").asText())
        .isIn("UNDER_REVIEW", "ISSUED")
        .isNotEqualTo("AWAITING_LIVENESS");
    assertThat(elapsedMs).as("answered by the change, not by the 25 s wait").isLessThan(20_000);
    assertThat(signals.waiting()).isEqualTo(before); // its registration is gone

    // settled (ISSUED): a wait is answered at once, the wait capped at 30 s
    HttpResponse<String> issued = get(g, "wait=999").get(20, TimeUnit.SECONDS);
    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(issued.headers().firstValue("Preference-Applied")).hasValue("wait=30");
    assertThat(body(issued).path("status").asText()).isEqualTo("ISSUED");
    assertThat(body(issued).path("certificateId").asText()).isNotBlank();
  }

  @Test
  void withoutAChangeTheWaitRunsOutAndAnswersTheSameApplication() throws Exception {
    Guest g = submitted();
    double rereads = meters.counter("tempid.long-poll.rereads").count();
    long start = System.nanoTime();
    HttpResponse<String> answer = get(g, "respond-async, wait=1").get(20, TimeUnit.SECONDS);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=1");
    assertThat(body(answer).path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(body(answer).path("applicationId").asText()).isEqualTo(g.id);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(900);
    assertThat(meters.counter("tempid.long-poll.rereads").count())
        .as("read once more at the time-out, counted for operators and the benchmark")
        .isGreaterThanOrEqualTo(rereads + 1);
  }

  @Test
  void withoutThePreferenceTheAnswerIsThePlainOne() throws Exception {
    Guest g = submitted();
    HttpResponse<String> plain = get(g, null).get(20, TimeUnit.SECONDS);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Preference-Applied")).isEmpty();
    assertThat(body(plain).path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    HttpResponse<String> zero = get(g, "wait=0").get(20, TimeUnit.SECONDS);
    assertThat(zero.headers().firstValue("Preference-Applied")).isEmpty();
    assertThat(json.readTree(zero.body())).isEqualTo(json.readTree(plain.body()));
  }

  @Test
  void someoneElsesApplicationIsStillA404AtOnce_andLeavesNoWaiter() throws Exception {
    Guest mine = submitted();
    Guest other = submitted();
    int before = signals.waiting();
    HttpResponse<String> answer =
        get(new Guest(other.id, mine.token, null), "wait=25").get(20, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(signals.waiting()).isEqualTo(before);
  }
}
