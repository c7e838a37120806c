package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationStarts;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.PostgresTestEnvironment;
import cn.railway.tempid.support.ProblemCalls;
import cn.railway.tempid.support.ProblemCalls.Answer;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.KeyMatcher;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 8, API.md "Failures and retries": the database stops under the running service (a server of
 * its own, stopped with {@code pg_ctl stop -m fast}: sessions terminated, then connections
 * refused). Every API request answers within a few seconds {@code 503 SERVICE_UNAVAILABLE}
 * problem+json with {@code Retry-After} (requests whose credential is resolved in a servlet filter
 * included); readiness is {@code 503 DOWN} within a second, liveness stays UP; when the database is
 * back the service serves again, the job executor finishes a journey and Quartz fires a job, by
 * themselves. Figures are printed as {@code outage: …} lines.
 */
class DatabaseOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PROFILES = {"demo", "postgres"};

  private static EmbeddedPostgresServer.Server database;
  private static ConfigurableApplicationContext service;
  private static HttpApi api;
  private static ProblemCalls calls;

  @BeforeAll
  static void start() {
    database = EmbeddedPostgresServer.startAnother();
    Map<String, Object> properties =
        new LinkedHashMap<>(
            PostgresTestEnvironment.properties(database.jdbcUrl(EmbeddedPostgresServer.DATABASE)));
    service = ApplicationStarts.run(PROFILES, properties);
    int port = ApplicationStarts.port(service);
    api = new HttpApi(port);
    calls = new ProblemCalls(port, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (database != null) {
      database.stop();
    }
  }

  private static Answer call(String method, String path, String body, String... headers)
      throws Exception {
    return calls.call(method, path, body, headers);
  }

  private static String guestBody(String idNumber) throws Exception {
    return JSON.writeValueAsString(Passengers.guestApplication("赵六", idNumber));
  }

  @Test
  void whileTheDatabaseIsDown_everyRequestAnswers503WithRetryAfter_andTheServiceRecoversByItself()
      throws Exception {
    // before: a passenger logged in, an application waiting for its face check
    String registered = "outage-" + System.nanoTime();
    String registeredId = TestIdentities.randomIdNumber();
    assertThat(
            api.post(
                    "/api/v1/demo/users",
                    Map.of(
                        "username",
                        registered,
                        "password",
                        "outage-password-1",
                        "name",
                        "钱七",
                        "idNumber",
                        registeredId))
                .status())
        .isEqualTo(201);
    String bearer =
        api.post(
                "/api/v1/auth/login",
                Map.of("username", registered, "password", "outage-password-1"))
            .text("accessToken");
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("赵六", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("赵六", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String applicationId = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    assertThat(call("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);

    // the database stops
    database.stopProcess();
    long down = System.nanoTime();
    long readinessDownMillis = -1;
    while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(10)) {
      Answer readiness = call("GET", "/actuator/health/readiness", null);
      assertThat(readiness.millis()).as("readiness answers at once").isLessThan(1000);
      if (readiness.status() == 503) {
        readinessDownMillis = (System.nanoTime() - down) / 1_000_000;
        assertThat(readiness.body().path("status").asText()).isEqualTo("DOWN");
        break;
      }
      Thread.sleep(20);
    }
    System.out.println("outage: readiness DOWN after " + readinessDownMillis + " ms");
    assertThat(readinessDownMillis).as("readiness DOWN within a second").isBetween(0L, 1000L);
    Answer liveness = call("GET", "/actuator/health/liveness", null);
    assertThat(liveness.status()).as("liveness %s", liveness).isEqualTo(200);

    List<Answer> answers = new ArrayList<>();
    String other = TestIdentities.randomIdNumber();
    answers.add(call("POST", "/api/v1/applications", guestBody(other)));
    answers.add(
        call("GET", "/api/v1/applications/" + applicationId, null, "X-Applicant-Token", token));
    answers.add(call("GET", "/api/v1/me", null, "Authorization", "Bearer " + bearer));
    answers.add(
        call(
            "POST",
            "/api/v1/auth/login",
            JSON.writeValueAsString(Map.of("username", registered, "password", "x"))));
    answers.add(
        call(
            "POST",
            "/api/v1/certificates/lookup",
            JSON.writeValueAsString(
                Map.of("name", "赵六", "idType", "RESIDENT_ID_CARD", "idNumber", idNumber))));
    answers.add(
        call(
            "POST",
            "/api/v1/verifications",
            "{\"token\":\"x\",\"checkpoint\":{\"id\":\"gate-1\",\"type\":\"ENTRY_GATE\"}}",
            "X-Checkpoint-Key",
            "demo-checkpoint-key"));
    answers.add(call("GET", "/api/v1/reviews", null, "Authorization", basicDemo()));
    long slowest = 0;
    for (Answer a : answers) {
      assertThat(a.status()).as("%s", a).isEqualTo(503);
      assertThat(a.contentType()).as("%s", a).startsWith("application/problem+json");
      assertThat(a.body().path("code").asText()).as("%s", a).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(a.retryAfter()).as("%s", a).isNotNull();
      assertThat(Integer.parseInt(a.retryAfter())).isPositive();
      assertThat(a.body().path("messageZh").asText()).isNotBlank();
      slowest = Math.max(slowest, a.millis());
    }
    System.out.println("outage: slowest 503 answer " + slowest + " ms");
    assertThat(slowest).as("answered within a few seconds").isLessThan(5000);
    assertThat(call("GET", "/actuator/health/readiness", null).status()).isEqualTo(503);
    assertThat(call("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);

    // the database is back: readiness, requests, the job executor and Quartz recover by themselves
    database.startProcess();
    long back = System.nanoTime();
    long readyMillis = -1;
    long servingMillis = -1;
    while (System.nanoTime() - back < TimeUnit.SECONDS.toNanos(30)
        && (readyMillis < 0 || servingMillis < 0)) {
      if (readyMillis < 0 && call("GET", "/actuator/health/readiness", null).status() == 200) {
        readyMillis = (System.nanoTime() - back) / 1_000_000;
      }
      if (servingMillis < 0
          && call("GET", "/api/v1/applications/" + applicationId, null, "X-Applicant-Token", token)
                  .status()
              == 200) {
        servingMillis = (System.nanoTime() - back) / 1_000_000;
      }
      Thread.sleep(50);
    }
    System.out.println("outage: readiness UP " + readyMillis + " ms after the database's return");
    System.out.println("outage: first 200 " + servingMillis + " ms after the database's return");
    assertThat(readyMillis).as("ready again within 10 s").isBetween(0L, 10_000L);
    assertThat(servingMillis).as("serving again within 10 s").isBetween(0L, 10_000L);

    assertThat(api.completeLiveness(session, "PASS").status()).isEqualTo(204);
    HttpApi.Answer issued = api.awaitStatus(applicationId, token, Duration.ofSeconds(60), "ISSUED");
    assertThat(issued.text("certificateId")).isNotBlank();
    assertThat(api.submitAsGuest("赵六", other).status()).isIn(201, 422);

    assertQuartzFiresAJob();
  }

  /** Fires the housekeeping job now and waits until this node's scheduler has run it. */
  private static void assertQuartzFiresAJob() throws Exception {
    Scheduler scheduler = service.getBean(Scheduler.class);
    JobKey job = JobKey.jobKey("retention-purge", "housekeeping");
    CountDownLatch ran = new CountDownLatch(1);
    scheduler
        .getListenerManager()
        .addJobListener(
            new JobListener() {
              @Override
              public String getName() {
                return "outage-test";
              }

              @Override
              public void jobToBeExecuted(JobExecutionContext context) {}

              @Override
              public void jobExecutionVetoed(JobExecutionContext context) {}

              @Override
              public void jobWasExecuted(
                  JobExecutionContext context, JobExecutionException jobException) {
                ran.countDown();
              }
            },
            KeyMatcher.keyEquals(job));
    scheduler.triggerJob(job);
    assertThat(ran.await(60, TimeUnit.SECONDS)).as("Quartz ran the job after the outage").isTrue();
  }

  private static String basicDemo() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  }
}
