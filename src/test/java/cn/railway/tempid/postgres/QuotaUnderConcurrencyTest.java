package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.time.ClockConfiguration;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.QuotaTable;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R8 on PostgreSQL under concurrent requests: reserved plus issued certificates of a natural month
 * (Asia/Shanghai) never exceed the monthly limit of {@code dmn/quota.dmn}, whatever submissions and
 * liveness completions race.
 */
@PostgresTest
class QuotaUnderConcurrencyTest {
  private static final Duration INTO_RENEWAL_WINDOW = Duration.ofHours(21);
  private static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(30);
  private static final String NAME = "钱七";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PersonKeys personKeys;

  @Test
  void racingSubmissionsAndCompletions_neverExceedTheMonthlyLimit() throws Exception {
    HttpApi api = new HttpApi(port);
    int limit = QuotaTable.monthlyLimit();
    staysInOneMonthFor(api, INTO_RENEWAL_WINDOW.multipliedBy(limit + 2));
    String idNumber = TestIdentities.randomIdNumber();
    String personKey = personKeys.personKey(idNumber);
    api.inRegistry(NAME, idNumber);
    String month = YearMonth.from(api.clockNow().atZone(ClockConfiguration.CHINA)).toString();

    // all but one certificate of the month (each renews the one before in its renewal window)
    for (int i = 1; i < limit; i++) {
      issue(api, idNumber);
      api.advanceClock(INTO_RENEWAL_WINDOW);
    }
    assertThat(counted(personKey, month)).isEqualTo(limit - 1);

    QuotaWatch watch = new QuotaWatch(personKey, month);
    watch.start();
    try {
      // round 1: ten simultaneous submissions, one gets in
      List<HttpApi.Answer> submissions =
          ConcurrentSubmissionTest.inParallel(10, () -> api.submitAsGuest(NAME, idNumber));
      assertThat(submissions)
          .as("%s", submissions)
          .extracting(HttpApi.Answer::status)
          .containsOnly(201, 409)
          .filteredOn(status -> status == 201)
          .hasSize(1);
      HttpApi.Answer accepted =
          submissions.stream().filter(a -> a.status() == 201).findFirst().orElseThrow();
      String sessionId = accepted.body().path("liveness").path("sessionId").asText();

      // round 2: the capture completes (three times at once) while nine more submissions race it
      Callable<HttpApi.Answer> complete = () -> api.completeLiveness(sessionId, "PASS");
      Callable<HttpApi.Answer> submit = () -> api.submitAsGuest(NAME, idNumber);
      List<HttpApi.Answer> raced =
          ConcurrentSubmissionTest.inParallel(12, i -> i < 3 ? complete : submit);
      assertThat(raced.subList(0, 3))
          .as("completions %s", raced.subList(0, 3))
          .extracting(HttpApi.Answer::status)
          .isSubsetOf(204, 404, 409)
          .contains(204);
      assertThat(raced.subList(3, 12))
          .as("submissions %s", raced.subList(3, 12))
          .allSatisfy(
              a -> {
                assertThat(a.status()).isIn(409, 422);
                assertThat(a.text("code"))
                    .isIn("APPLICATION_IN_PROGRESS", "ACTIVE_CERTIFICATE_EXISTS", "QUOTA_EXCEEDED");
              });

      HttpApi.Answer third =
          api.awaitStatus(
              accepted.text("applicationId"),
              accepted.text("applicantToken"),
              ISSUE_TIMEOUT,
              "ISSUED",
              "FAILED",
              "ABANDONED");
      assertThat(third.text("status")).isEqualTo("ISSUED");
      assertThat(third.body().path("quota").path("used").asInt()).isEqualTo(limit);
    } finally {
      watch.stop();
    }
    assertThat(watch.samples()).as("the watch saw the ledger").isPositive();
    assertThat(watch.max())
        .as("reserved + consumed this month, at any time")
        .isLessThanOrEqualTo(limit);
    assertThat(
            jdbc.sql(
                    """
        select count(*) from quota_reservation
        where person_key = ? and quota_month = ? and state = 'CONSUMED'""")
                .params(personKey, month)
                .query(Integer.class)
                .single())
        .isEqualTo(limit);
    assertThat(
            jdbc.sql("select count(*) from certificate where person_key = ?")
                .param(personKey)
                .query(Integer.class)
                .single())
        .isEqualTo(limit);

    // one more application in the third certificate's renewal window: the month is used up
    api.advanceClock(INTO_RENEWAL_WINDOW);
    HttpApi.Answer fourth = api.submitAsGuest(NAME, idNumber);
    assertThat(fourth.status()).as("%s", fourth).isEqualTo(422);
    assertThat(fourth.text("code")).isEqualTo("QUOTA_EXCEEDED");
    assertThat(fourth.text("guidance")).isEqualTo("STATION_POLICE_WINDOW");
    assertThat(counted(personKey, month)).isEqualTo(limit);
  }

  /** Submits, passes liveness and waits until the certificate is issued. */
  private static void issue(HttpApi api, String idNumber) {
    HttpApi.Answer submitted = api.submitAsGuest(NAME, idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    HttpApi.Answer captured =
        api.completeLiveness(submitted.body().path("liveness").path("sessionId").asText(), "PASS");
    assertThat(captured.status()).as("%s", captured).isEqualTo(204);
    HttpApi.Answer done =
        api.awaitStatus(
            submitted.text("applicationId"),
            submitted.text("applicantToken"),
            ISSUE_TIMEOUT,
            "ISSUED",
            "FAILED",
            "ABANDONED");
    assertThat(done.text("status")).as("%s", done).isEqualTo("ISSUED");
  }

  /**
   * The test moves the shared clock forward by about {@code span} and must stay in one natural
   * month in China; near a month's end it first sets the clock to the 2nd of the next month (only
   * forward).
   */
  private static void staysInOneMonthFor(HttpApi api, Duration span) {
    Instant now = api.clockNow();
    YearMonth thisMonth = YearMonth.from(now.atZone(ClockConfiguration.CHINA));
    if (!YearMonth.from(now.plus(span).atZone(ClockConfiguration.CHINA)).equals(thisMonth)) {
      api.setClock(thisMonth.plusMonths(1).atDay(2).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
  }

  private int counted(String personKey, String month) {
    return jdbc.sql(
            """
        select count(*) from quota_reservation
        where person_key = ? and quota_month = ? and state in ('RESERVED', 'CONSUMED')""")
        .params(personKey, month)
        .query(Integer.class)
        .single();
  }

  /** Samples the ledger continuously on its own thread and remembers the highest count seen. */
  private final class QuotaWatch {
    private final String personKey;
    private final String month;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;

    QuotaWatch(String personKey, String month) {
      this.personKey = personKey;
      this.month = month;
      this.thread = new Thread(this::run, "quota-watch");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (running.get()) {
        max.accumulateAndGet(counted(personKey, month), Math::max);
        samples.incrementAndGet();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    int max() {
      return max.get();
    }

    int samples() {
      return samples.get();
    }
  }
}
