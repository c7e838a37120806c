package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.railway.tempid.retention.PersonalDataPurge;
import cn.railway.tempid.shared.ratelimit.RateLimiter;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The promises of the housekeeping features hold on PostgreSQL too: rate-limit counts are exact
 * under concurrency, the certificate's expiry timer fires within seconds of a clock move with the
 * job executor on, consent is recorded per application, and the retention purge removes the
 * personal data of finished cases.
 */
@PostgresTest
class HousekeepingOnPostgresTest {
  @LocalServerPort int port;
  @Autowired RateLimiter limiter;
  @Autowired PersonalDataPurge purge;
  @Autowired JdbcClient jdbc;
  @Autowired HistoryService history;

  static final String DEMO_OPERATOR =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString("demo:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @Test
  void healthShowsDatabaseEngineAndJobExecutor_andMetricsAreScraped() {
    HttpApi api = new HttpApi(port);
    HttpApi.Answer health = api.get("/actuator/health", "Authorization", DEMO_OPERATOR);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.body().path("components").path("db").path("status").asText()).isEqualTo("UP");
    assertThat(health.body().path("components").path("processEngine").path("status").asText())
        .isEqualTo("UP");
    assertThat(health.body().path("components").path("jobExecutor").path("status").asText())
        .isEqualTo("UP");
    HttpApi.Answer metrics =
        api.get("/actuator/prometheus", "Authorization", DEMO_OPERATOR, "Accept", "text/plain");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw()).contains("tempid_jobs_executable");
  }

  @Test
  void rateLimitCountsAreExactUnderConcurrentHits() throws Exception {
    RateLimiter.Limit limit = new RateLimiter.Limit("pg-test", 25, Duration.ofHours(1));
    String subject = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> hits = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      hits.add(
          pool.submit(
              () -> {
                start.await();
                return limiter.hit(limit, subject).allowed();
              }));
    }
    start.countDown();
    int allowed = 0;
    for (Future<Boolean> hit : hits) {
      allowed += hit.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(allowed).isEqualTo(25);
  }

  @Test
  void aCertificateExpiresWithinSecondsOfTheClockPassing24Hours_andItsDataIsPurgedLater() {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("吴十", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("吴十", idNumber);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    assertThat(
            jdbc.sql("select count(*) from consent_record where application_id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .as("identity, biometric, location")
        .isEqualTo(3L);
    api.completeLiveness(submitted.body().path("liveness").path("sessionId").asText(), "PASS");
    String certificateId =
        api.awaitStatus(id, token, Duration.ofSeconds(15), "ISSUED").text("certificateId");

    // a checkpoint is shown the holder's identity: the access is audited
    String view =
        api.post(
                "/api/v1/certificates/" + certificateId + "/view-sessions",
                java.util.Map.of(
                    "livenessSessionId",
                    submitted.body().path("liveness").path("sessionId").asText()),
                "X-Applicant-Token",
                token)
            .text("viewSessionToken");
    String frame =
        api.get("/api/v1/certificates/" + certificateId + "/qr", "X-View-Session", view)
            .text("token");
    assertThat(
            api.post(
                    "/api/v1/verifications",
                    java.util.Map.of(
                        "token",
                        frame,
                        "checkpoint",
                        java.util.Map.of("id", "pg-gate", "type", "ENTRY_GATE")),
                    "X-Checkpoint-Key",
                    "demo-checkpoint-key")
                .text("result"))
        .isEqualTo("ACCEPTED");
    HttpApi.Answer audit =
        api.get("/api/v1/audit?subjectId=" + certificateId, "Authorization", DEMO_OPERATOR);
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.raw()).contains("CHECKPOINT").doesNotContain(idNumber);

    api.advanceClock(Duration.ofHours(24).plusMinutes(1));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        history
                            .createHistoricProcessInstanceQuery()
                            .processInstanceBusinessKey(certificateId)
                            .finished()
                            .count())
                    .isEqualTo(1L));
    assertThat(
            jdbc.sql("select status from certificate where id = ?")
                .param(certificateId)
                .query(String.class)
                .single())
        .isEqualTo("EXPIRED");

    api.advanceClock(Duration.ofDays(32));
    purge.purgeDue();
    assertThat(
            jdbc.sql("select name_enc from application where id = ?")
                .param(id)
                .query(String.class)
                .optional())
        .isEmpty();
    assertThat(
            jdbc.sql("select count(*) from application where id = ? and purged_at is not null")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(1L);
  }
}
