package cn.railway.tempid.shared.shedding;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.ProblemCalls;
import cn.railway.tempid.support.ProblemCalls.Answer;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 22, "Spring Festival peak: shed load instead of queueing". A node with a ceiling of 4 API
 * requests at once (2 of them only for work that finishes journeys) is saturated by requests held
 * just behind the shedding filter. Then a poll is answered {@code 429 RATE_LIMITED} and a
 * submission {@code 503 SERVICE_UNAVAILABLE}, both at once with {@code Retry-After}; liveness
 * callbacks and verifications are still admitted; health always answers; and a shed submission
 * retried later with the same {@code Idempotency-Key} is the first request: nothing was counted.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-shedding;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      // Camunda's web apps keep their Spring context in static fields: this context would take
      // them over from the shared one (as the documents' tests did: Cockpit then failed)
      "camunda.bpm.webapp.enabled=false",
      "camunda.bpm.generate-unique-process-application-name=true",
      "spring.quartz.scheduler-name=tempid-shedding",
      "spring.quartz.auto-startup=false",
      "camunda.bpm.job-execution.enabled=false",
      "tempid.shedding.algorithm=fixed",
      "tempid.shedding.max-concurrency=4",
      "tempid.shedding.finishing-share=0.5",
      "tempid.shedding.new-work-share=0.25",
      "tempid.shedding.poll-share=0.25",
      "tempid.shedding.poll-retry-after=2s",
      "tempid.shedding.retry-after=3s",
      // one submission per person and hour: a shed submission that counted would refuse the retry
      "tempid.limits.submission-per-person.max=1",
      "tempid.limits.submission-per-person.window=PT1H"
    })
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
class LoadSheddingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOLD = "X-Test-Hold";

  @LocalServerPort int port;
  @Autowired Gate gate;
  @Autowired Admission admission;
  @Autowired MeterRegistry meters;

  private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

  /** Holds a request that carries {@value #HOLD} right behind the shedding filter. */
  static final class Gate {
    final Semaphore arrived = new Semaphore(0);
    final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
  }

  @TestConfiguration
  static class HoldingFilter {
    @Bean
    Gate gate() {
      return new Gate();
    }

    @Bean
    FilterRegistrationBean<Filter> holdingFilter(Gate gate) {
      Filter hold =
          (request, response, chain) -> {
            var http = (jakarta.servlet.http.HttpServletRequest) request;
            if (http.getHeader(HOLD) != null) {
              CountDownLatch release = gate.release.get();
              gate.arrived.release();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            chain.doFilter(request, response);
          };
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(hold);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4); // right behind the shedding filter
      return registration;
    }
  }

  @BeforeEach
  void newGate() {
    gate.release.set(new CountDownLatch(1));
    gate.arrived.drainPermits();
    // a request's place is given back just after its answer was sent: the last test's may still
    // be counted for a moment
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> admission.inFlight() == 0);
  }

  /** Lets the held requests finish, and waits until they have given back their places. */
  @AfterEach
  void releaseHeld() throws Exception {
    gate.release.get().countDown();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      f.get(30, TimeUnit.SECONDS);
    }
    held.clear();
    // a request gives back its place just after its answer was sent
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> admission.inFlight() == 0);
  }

  private ProblemCalls calls;

  /** One client for the test instance, on the port the context started on. */
  private synchronized ProblemCalls calls() {
    if (calls == null) {
      calls = new ProblemCalls(port, Duration.ofSeconds(10));
    }
    return calls;
  }

  private Answer call(String method, String path, Object body, String... headers) throws Exception {
    return calls().call(method, path, body, headers);
  }

  /** Sends a request that stays in flight until the test ends, once it has been admitted. */
  private void hold(String method, String path, Object body) throws Exception {
    held.add(calls().sendAsync(method, path, body, HOLD, "1"));
  }

  private void awaitHeld(int count) throws Exception {
    assertThat(gate.arrived.tryAcquire(count, 20, TimeUnit.SECONDS))
        .as("%d held requests admitted", count)
        .isTrue();
  }

  private double rejected(Lane lane) {
    return meters.get("tempid.shedding.rejected").tag("lane", lane.tag()).counter().count();
  }

  private static void assertShed(Answer a, int status, String code, String retryAfter) {
    assertThat(a.status()).as("%s", a).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    assertThat(a.code()).isEqualTo(code);
    assertThat(a.retryAfter()).isEqualTo(retryAfter);
    assertThat(a.body().path("retryAfterSeconds").asLong()).isEqualTo(Long.parseLong(retryAfter));
    assertThat(a.millis()).as("answered at once, not queued").isLessThan(2_000);
  }

  private static void assertAdmitted(Answer a) {
    assertThat(a.status()).as("%s", a).isNotEqualTo(429).isNotEqualTo(503);
  }

  private static final String POLL = "/api/v1/applications/" + UUID.randomUUID();

  @Test
  void whilePollsFillTheirPart_aPollIs429_aSubmissionIs503_butCallbacksAndChecksAreAdmitted()
      throws Exception {
    double pollsShedBefore = rejected(Lane.POLL);
    hold("GET", POLL, null);
    hold("GET", POLL, null);
    awaitHeld(2);

    assertShed(call("GET", POLL, null), 429, "RATE_LIMITED", "2");
    assertShed(
        call(
            "POST",
            "/api/v1/applications",
            Passengers.guestApplication("张三", TestIdentities.randomIdNumber())),
        503,
        "SERVICE_UNAVAILABLE",
        "3");
    // the work that finishes journeys has the rest of the ceiling: answered by its own checks
    assertAdmitted(call("POST", "/api/v1/liveness/callback", java.util.Map.of()));
    assertAdmitted(call("POST", "/api/v1/verifications", java.util.Map.of()));
    assertThat(call("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
    assertThat(rejected(Lane.POLL)).isEqualTo(pollsShedBefore + 1);

    releaseHeld();
    assertAdmitted(call("GET", POLL, null));
  }

  @Test
  void whilePollsFillTheirPart_aGuestsPollAnsweredFromMemory_isNotShed() throws Exception {
    Answer submitted =
        call(
            "POST",
            "/api/v1/applications",
            Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String own = "/api/v1/applications/" + submitted.body().path("applicationId").asText();
    String token = submitted.body().path("applicantToken").asText();
    // read once: its token and its view are now held by this node
    assertThat(call("GET", own, null, "X-Applicant-Token", token).status()).isEqualTo(200);
    double fromMemoryBefore = fromMemory();
    hold("GET", POLL, null);
    hold("GET", POLL, null);
    awaitHeld(2);

    Answer poll = call("GET", own, null, "X-Applicant-Token", token);

    assertThat(poll.status()).as("%s", poll).isEqualTo(200);
    assertThat(poll.body().path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(fromMemory()).isEqualTo(fromMemoryBefore + 1);
    // a long poll reads the database: it takes a place, and there is none
    assertShed(
        call("GET", own, null, "X-Applicant-Token", token, "Prefer", "wait=1"),
        429,
        "RATE_LIMITED",
        "2");
    // so does a poll whose token this node does not hold
    assertShed(
        call("GET", own, null, "X-Applicant-Token", "not-" + token), 429, "RATE_LIMITED", "2");
  }

  private double fromMemory() {
    return meters.get("tempid.shedding.from-memory").counter().count();
  }

  @Test
  void withTheWholeCeilingBusy_evenACallbackIsShed_butHealthAlwaysAnswers() throws Exception {
    hold("GET", POLL, null);
    hold("GET", POLL, null);
    awaitHeld(2); // polls first: behind two callbacks they would be shed themselves
    hold("POST", "/api/v1/liveness/callback", java.util.Map.of());
    hold("POST", "/api/v1/liveness/callback", java.util.Map.of());
    awaitHeld(2);

    assertShed(
        call("POST", "/api/v1/liveness/callback", java.util.Map.of()),
        503,
        "SERVICE_UNAVAILABLE",
        "3");
    assertThat(call("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
    assertThat(call("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
  }

  @Test
  void aShedSubmission_retriedLaterWithTheSameKey_isTheFirstRequest_countedOnce() throws Exception {
    HttpApi api = new HttpApi(port);
    String name = "赵六";
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry(name, idNumber);
    var body = Passengers.guestApplication(name, idNumber);
    String key = UUID.randomUUID().toString();

    hold("GET", POLL, null);
    hold("GET", POLL, null);
    awaitHeld(2);
    assertShed(
        call("POST", "/api/v1/applications", body, "Idempotency-Key", key),
        503,
        "SERVICE_UNAVAILABLE",
        "3");
    releaseHeld();

    // one submission per person and hour: the shed one was not counted, nor was its key kept
    Answer retry = call("POST", "/api/v1/applications", body, "Idempotency-Key", key);
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    // the limit does count real submissions: the retry used it up
    Answer another =
        call("POST", "/api/v1/applications", body, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(another.status()).as("%s", another).isEqualTo(429);
    assertThat(another.code()).isEqualTo("RATE_LIMITED");
  }
}
