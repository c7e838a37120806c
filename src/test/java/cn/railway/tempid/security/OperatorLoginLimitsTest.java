package cn.railway.tempid.security;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.ratelimit.RateLimiter;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Operators log in as Camunda users. A stranger guessing a reviewer's password must neither lock
 * that reviewer out for good nor guess on without limit from one address (per user name and
 * address: {@link LoginThrottlingTest}).
 */
@ApplicationTest
class OperatorLoginLimitsTest {
  @Autowired Http http;
  @Autowired Operators operators;
  @Autowired AdjustableClock clock;
  @Autowired RateLimiter limiter;
  @LocalServerPort int port;

  @Test
  void strangersGuessingAReviewersPassword_neverLockTheReviewerOutForGood() throws Exception {
    String reviewer = operators.newUser();
    // more failures than Camunda's default of 10 before a user is locked until an administrator
    // unlocks them (configured out of reach); each from another address, a minute apart
    for (int i = 0; i < 12; i++) {
      assertProblem(
          reviews(newAddress(), Http.basic(reviewer, "guess-" + i)), 401, "UNAUTHENTICATED");
      clock.advance(Duration.ofSeconds(61));
    }

    Http.Response own = reviews(newAddress(), Http.basic(reviewer, Operators.PASSWORD));
    // authenticated: a user outside `reviewers` is then refused the reviews, not the login
    assertProblem(own, 403, "FORBIDDEN");
  }

  @Test
  void tooManyFailedOperatorLogins_lockThatAddressOutForAWindow_andNoOtherAddress()
      throws Exception {
    String address = newAddress();
    String user = operators.newUser();
    for (int i = 0; i < 20; i++) {
      assertProblem(reviews(address, Http.basic("nobody" + i, "guess")), 401, "UNAUTHENTICATED");
    }

    Http.Response locked = reviews(address, Http.basic(user, Operators.PASSWORD));
    assertProblem(locked, 429, "RATE_LIMITED");
    long retryAfter = Long.parseLong(locked.servletResponse().getHeader("Retry-After"));
    assertThat(retryAfter).isBetween(1L, Duration.ofMinutes(15).toSeconds());
    assertProblem(reviews(newAddress(), Http.basic(user, Operators.PASSWORD)), 403, "FORBIDDEN");

    clock.advance(Duration.ofSeconds(retryAfter));
    assertProblem(reviews(address, Http.basic(user, Operators.PASSWORD)), 403, "FORBIDDEN");
  }

  @Test
  void successfulAndAnonymousRequests_countNothing() throws Exception {
    String address = newAddress();
    String user = operators.newUser();
    for (int i = 0; i < 25; i++) {
      assertProblem(reviews(address, Http.basic(user, Operators.PASSWORD)), 403, "FORBIDDEN");
      assertProblem(reviews(address, null), 401, "UNAUTHENTICATED");
    }
    assertProblem(reviews(address, Http.basic(user, Operators.PASSWORD)), 403, "FORBIDDEN");
  }

  /** Camunda's own logins are counted too: /engine-rest Basic and the Cockpit login form. */
  @Test
  void failedEngineRestAndCockpitLogins_countAgainstTheAddress() throws Exception {
    // a fresh 15-minute window, so the count below is this test's alone
    long window = Duration.ofMinutes(15).toSeconds();
    long now = clock.instant().getEpochSecond();
    clock.advance(Duration.ofSeconds((now / window + 1) * window + 60 - now));
    RateLimiter.Limit failures =
        new RateLimiter.Limit("operator-login-failures-per-address", 20, Duration.ofMinutes(15));
    String user = operators.newUser();
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://127.0.0.1:" + port;

    assertThat(
            send(
                client,
                HttpRequest.newBuilder(URI.create(base + "/engine-rest/task"))
                    .header("Authorization", Http.basic(user, Operators.PASSWORD))))
        .isEqualTo(200);
    assertThat(limiter.hits(failures, "127.0.0.1")).isZero();

    assertThat(
            send(
                client,
                HttpRequest.newBuilder(URI.create(base + "/engine-rest/task"))
                    .header("Authorization", Http.basic(user, "guess"))))
        .isEqualTo(401);
    assertThat(limiter.hits(failures, "127.0.0.1")).isEqualTo(1);

    // the Cockpit login form, as the browser sends it (with its CSRF token)
    client.send(
        HttpRequest.newBuilder(URI.create(base + "/camunda/app/cockpit/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    String xsrf =
        ((CookieManager) client.cookieHandler().orElseThrow())
            .getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst()
                .orElseThrow()
                .getValue();
    assertThat(
            send(
                client,
                HttpRequest.newBuilder(
                        URI.create(base + "/camunda/api/admin/auth/user/default/login/cockpit"))
                    .header("X-XSRF-TOKEN", xsrf)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "username=" + user + "&password=guess"))))
        .isEqualTo(401);
    assertThat(limiter.hits(failures, "127.0.0.1")).isEqualTo(2);
  }

  private static int send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private Http.Response reviews(String address, String authorization) throws Exception {
    var request =
        MockMvcRequestBuilders.get("/api/v1/reviews")
            .with(
                r -> {
                  r.setRemoteAddr(address);
                  return r;
                });
    return authorization == null
        ? http.perform(request)
        : http.perform(request, "Authorization", authorization);
  }

  private static String newAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198.18." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }
}
