package cn.railway.tempid.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database-backed limiter on its own, with its own small limits (the API's limits keep their
 * defaults in the shared test context).
 */
@ApplicationTest
class RateLimiterTest {
  @Autowired RateLimiter limiter;
  @Autowired AdjustableClock clock;
  @Autowired JdbcClient jdbc;

  static String subject() {
    return "subject-" + UUID.randomUUID();
  }

  /** Moves the clock to just after the start of the next window, so a test never straddles two. */
  void startOfNextWindow(Duration window) {
    long now = clock.millis();
    long size = window.toMillis();
    clock.advance(Duration.ofMillis((now / size + 1) * size - now + 100));
  }

  @Test
  void refusesOverTheLimit_withTheTimeLeftInTheWindow() {
    RateLimiter.Limit limit = new RateLimiter.Limit("test-small", 3, Duration.ofMinutes(1));
    startOfNextWindow(limit.window());
    String subject = subject();
    for (int i = 1; i <= 3; i++) {
      RateLimiter.Outcome ok = limiter.hit(limit, subject);
      assertThat(ok.allowed()).isTrue();
      assertThat(ok.hits()).isEqualTo(i);
    }
    RateLimiter.Outcome refused = limiter.hit(limit, subject);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));

    assertThatThrownBy(() -> limiter.acquire(limit, subject))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.RATE_LIMITED);
              assertThat(e.code().status().value()).isEqualTo(429);
              assertThat((Long) e.properties().get("retryAfterSeconds")).isBetween(1L, 60L);
            });
    assertThat(limiter.hit(limit, subject()).allowed())
        .as("other subjects are not affected")
        .isTrue();
  }

  @Test
  void theWindowResets_whenTheClockMovesOn() {
    RateLimiter.Limit limit = new RateLimiter.Limit("test-reset", 2, Duration.ofMinutes(10));
    startOfNextWindow(limit.window());
    String subject = subject();
    limiter.hit(limit, subject);
    limiter.hit(limit, subject);
    assertThat(limiter.hit(limit, subject).allowed()).isFalse();

    clock.advance(Duration.ofMinutes(5));
    assertThat(limiter.hit(limit, subject).allowed()).as("same window").isFalse();

    clock.advance(Duration.ofMinutes(5));
    RateLimiter.Outcome fresh = limiter.hit(limit, subject);
    assertThat(fresh.allowed()).isTrue();
    assertThat(fresh.hits()).isEqualTo(1);
  }

  @Test
  void concurrentHits_areCountedExactly() throws Exception {
    RateLimiter.Limit limit = new RateLimiter.Limit("test-concurrent", 50, Duration.ofHours(1));
    startOfNextWindow(limit.window());
    String subject = subject();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        calls.add(() -> limiter.hit(limit, subject).allowed());
      }
      long allowed = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        allowed += f.get() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(50);
      assertThat(limiter.hits(limit, subject)).isEqualTo(120);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void blocks_lastTheirTime_andAreNeverShortened() {
    String subject = subject();
    assertThat(limiter.blockedFor("test-block", subject)).isEmpty();
    limiter.block("test-block", subject, Duration.ofMinutes(10));
    limiter.block("test-block", subject, Duration.ofMinutes(1));
    assertThat(limiter.blockedFor("test-block", subject))
        .hasValueSatisfying(left -> assertThat(left).isGreaterThan(Duration.ofMinutes(9)));
    clock.advance(Duration.ofMinutes(10));
    assertThat(limiter.blockedFor("test-block", subject)).isEmpty();
  }

  @Test
  void cleanUp_deletesWindowsThatAreOver_andStoresNoPlainSubject() {
    RateLimiter.Limit limit = new RateLimiter.Limit("test-cleanup", 5, Duration.ofMinutes(1));
    String subject = "203.0.113.77";
    limiter.hit(limit, subject);
    assertThat(
            jdbc.sql("select count(*) from rate_limit_window where subject_hash = ?")
                .param(subject)
                .query(Long.class)
                .single())
        .as("subjects are hashed")
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from rate_limit_window where limit_name = ?")
                .param(limit.name())
                .query(Long.class)
                .single())
        .isPositive();

    clock.advance(Duration.ofMinutes(2));
    limiter.cleanUp();
    assertThat(
            jdbc.sql("select count(*) from rate_limit_window where expires_at <= ?")
                .param(java.sql.Timestamp.from(Instant.now(clock)))
                .query(Long.class)
                .single())
        .isZero();
    assertThat(limiter.hits(limit, subject)).isZero();
  }

  @Test
  void clientAddresses_ipv4AsIs_ipv6ByTheirSlash64() {
    assertThat(ClientAddressLimits.subject("100.64.1.2")).isEqualTo("100.64.1.2");
    assertThat(ClientAddressLimits.subject("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientAddressLimits.subject("2001:db8:1:2:bbbb::2"))
        .isNotEqualTo(ClientAddressLimits.subject("2001:db8:1:3::1"));
    assertThat(ClientAddressLimits.subject("0:0:0:0:0:0:0:1")).isNotBlank();
    assertThat(ClientAddressLimits.subject(null)).isEqualTo("unknown");
  }
}
