package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R8's "at most one application per person in flight" under real concurrency: simultaneous HTTP
 * submissions for one person on PostgreSQL (row lock on person_lock).
 */
@PostgresTest
class ConcurrentSubmissionTest {
  private static final int REQUESTS = 20;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PersonKeys personKeys;

  @Test
  void twentySimultaneousSubmissions_oneAccepted_nineteenInProgress() throws Exception {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("王五", idNumber);

    List<HttpApi.Answer> answers = inParallel(REQUESTS, () -> api.submitAsGuest("王五", idNumber));

    Map<Integer, Long> byStatus =
        answers.stream()
            .collect(Collectors.groupingBy(HttpApi.Answer::status, Collectors.counting()));
    assertThat(byStatus)
        .as("statuses of %s", answers)
        .containsExactlyInAnyOrderEntriesOf(Map.of(201, 1L, 409, (long) REQUESTS - 1));
    assertThat(answers)
        .filteredOn(a -> a.status() == 409)
        .allSatisfy(a -> assertThat(a.text("code")).isEqualTo("APPLICATION_IN_PROGRESS"));
    HttpApi.Answer accepted =
        answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow();
    assertThat(accepted.text("status")).isEqualTo("AWAITING_LIVENESS");

    String personKey = personKeys.personKey(idNumber);
    List<String> inFlight =
        jdbc.sql(
                """
        select id from application
        where person_key = ? and status in ('SUBMITTED', 'AWAITING_LIVENESS', 'UNDER_REVIEW')""")
            .param(personKey)
            .query(String.class)
            .list();
    assertThat(inFlight).containsExactly(accepted.text("applicationId"));
    assertThat(
            jdbc.sql("select count(*) from application where person_key = ?")
                .param(personKey)
                .query(Long.class)
                .single())
        .as("refused requests leave no application behind")
        .isEqualTo(1L);
    assertThat(
            jdbc.sql("select count(*) from quota_reservation where person_key = ?")
                .param(personKey)
                .query(Long.class)
                .single())
        .isEqualTo(1L);
  }

  /**
   * API.md "Failures and retries": a client retrying at once with the same Idempotency-Key (its
   * first request still running) gets the first answer, never a second application or a 409.
   */
  @Test
  void simultaneousRetriesWithOneIdempotencyKey_allAnswer201_withTheSameApplication()
      throws Exception {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("王五", idNumber);
    String key = java.util.UUID.randomUUID().toString();

    List<HttpApi.Answer> answers =
        inParallel(
            10,
            () ->
                api.post(
                    "/api/v1/applications",
                    cn.railway.tempid.support.Passengers.guestApplication("王五", idNumber),
                    "Idempotency-Key",
                    key));

    assertThat(answers).as("%s", answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
    assertThat(answers.stream().map(a -> a.text("applicationId")).distinct()).hasSize(1);
    assertThat(answers.stream().map(a -> a.text("applicantToken")).distinct()).hasSize(10);
    assertThat(
            jdbc.sql("select count(*) from application where person_key = ?")
                .param(personKeys.personKey(idNumber))
                .query(Long.class)
                .single())
        .isEqualTo(1L);
  }

  /** Runs {@code n} calls released together by a latch; returns their results. */
  static <T> List<T> inParallel(int n, Callable<T> call) throws Exception {
    return inParallel(n, i -> call);
  }

  /** Runs {@code n} calls (the i-th from {@code calls}) released together by a latch. */
  static <T> List<T> inParallel(int n, Function<Integer, Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> call = calls.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
