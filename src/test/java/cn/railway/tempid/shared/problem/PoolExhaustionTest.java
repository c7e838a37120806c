package cn.railway.tempid.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.ProblemCalls;
import cn.railway.tempid.support.ProblemCalls.Answer;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 8: every connection of the pool is taken (a burst of slow requests, a leak): a request
 * waits the pool's acquisition timeout and answers {@code 503 SERVICE_UNAVAILABLE} problem+json
 * with {@code Retry-After} — Hikari's "Connection is not available, request timed out after …" —
 * whether it fails in a servlet filter (a credential looked up in the database), in a controller or
 * inside the engine; once connections are free again the same requests succeed.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own beside the shared H2 one in this JVM: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-pool-exhaustion;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      // Camunda's web apps keep their Spring context in static fields: this context would take
      // them over from the shared one (as the documents' tests did: Cockpit then failed)
      "camunda.bpm.webapp.enabled=false",
      "camunda.bpm.generate-unique-process-application-name=true",
      "spring.quartz.scheduler-name=tempid-pool-exhaustion",
      "spring.datasource.hikari.maximum-pool-size=4",
      // a pool this small leaves no room for load shedding's ceiling (the start would be refused):
      // this test is about what a request does when the pool is dry anyway
      "tempid.shedding.enabled=false",
      "spring.datasource.hikari.connection-timeout=400",
      "camunda.bpm.job-execution.enabled=false",
      "spring.quartz.auto-startup=false"
    })
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
class PoolExhaustionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private ProblemCalls calls;

  /** One client for the test instance, on the port the context started on. */
  private synchronized ProblemCalls calls() {
    if (calls == null) {
      calls = new ProblemCalls(port, Duration.ofSeconds(10));
    }
    return calls;
  }

  private Answer call(String method, String path, String body, String... headers) throws Exception {
    return calls().call(method, path, body, headers);
  }

  @Test
  void withEveryConnectionTaken_requestsAnswer503WithRetryAfter_andServeAgainOnceFreed()
      throws Exception {
    HttpApi api = new HttpApi(port);
    String name = "孙八";
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry(name, idNumber);
    HttpApi.Answer submitted = api.submitAsGuest(name, idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String applicationId = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String other = TestIdentities.randomIdNumber();
    api.inRegistry(name, other);
    String otherBody = JSON.writeValueAsString(Passengers.guestApplication(name, other));

    List<Connection> taken = new ArrayList<>();
    try {
      // the pool holds 4 connections: take them all
      for (int i = 0; i < 4; i++) {
        taken.add(dataSource.getConnection());
      }
      List<Answer> answers = new ArrayList<>();
      answers.add(call("POST", "/api/v1/applications", otherBody));
      answers.add(
          call("GET", "/api/v1/applications/" + applicationId, null, "X-Applicant-Token", token));
      answers.add(
          call(
              "POST",
              "/api/v1/auth/login",
              JSON.writeValueAsString(Map.of("username", "nobody", "password", "x"))));
      answers.add(
          call(
              "POST",
              "/api/v1/certificates/lookup",
              JSON.writeValueAsString(
                  Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", idNumber))));
      for (Answer a : answers) {
        assertThat(a.status()).as("%s", a).isEqualTo(503);
        assertThat(a.contentType()).as("%s", a).startsWith("application/problem+json");
        assertThat(a.body().path("code").asText()).as("%s", a).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(a.retryAfter()).as("%s", a).isNotNull();
        assertThat(Integer.parseInt(a.retryAfter())).as("%s", a).isPositive();
      }
    } finally {
      for (Connection c : taken) {
        c.close();
      }
    }
    Answer poll =
        call("GET", "/api/v1/applications/" + applicationId, null, "X-Applicant-Token", token);
    assertThat(poll.status()).as("%s", poll).isEqualTo(200);
    Answer submit = call("POST", "/api/v1/applications", otherBody);
    assertThat(submit.status()).as("%s", submit).isEqualTo(201);
  }

  /**
   * The shape of a real exhaustion: more simultaneous submissions than connections, each holding
   * one connection while it asks for another (the rate limiter writes in a transaction of its own):
   * some wait out the acquisition timeout. Every answer is a normal one or a 503 with Retry-After,
   * never a 500, and what was answered 201 is stored.
   */
  @Test
  void moreSimultaneousSubmissionsThanConnections_answerNormallyOr503_never500() throws Exception {
    HttpApi api = new HttpApi(port);
    int submissions = 16;
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < submissions; i++) {
      String idNumber = TestIdentities.randomIdNumber();
      api.inRegistry("周九", idNumber);
      bodies.add(JSON.writeValueAsString(Passengers.guestApplication("周九", idNumber)));
    }
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(submissions);
    List<Answer> answers = new ArrayList<>();
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Answer>> futures = new ArrayList<>();
      for (String body : bodies) {
        futures.add(
            threads.submit(
                () -> {
                  go.await();
                  return call("POST", "/api/v1/applications", body);
                }));
      }
      go.countDown();
      for (java.util.concurrent.Future<Answer> f : futures) {
        answers.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    for (Answer a : answers) {
      assertThat(a.status()).as("%s", a).isIn(201, 503);
      if (a.status() == 503) {
        assertThat(a.body().path("code").asText()).as("%s", a).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(a.retryAfter()).as("%s", a).isNotNull();
      } else {
        String applicationId = a.body().path("applicationId").asText();
        String token = a.body().path("applicantToken").asText();
        assertThat(api.application(applicationId, token).status()).isEqualTo(200);
      }
    }
    System.out.println(
        "pool exhaustion: "
            + answers.stream().filter(a -> a.status() == 201).count()
            + " x 201, "
            + answers.stream().filter(a -> a.status() == 503).count()
            + " x 503 of "
            + submissions);
  }
}
