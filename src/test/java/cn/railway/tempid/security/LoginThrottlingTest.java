package cn.railway.tempid.security;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Failed logins are throttled per user name and client address (API.md "Staff surfaces"), so that
 * someone guessing a password from one address slows down only themselves: the same user logs in at
 * once from another address, on every surface where a password is checked (the API's Basic,
 * Camunda's Basic on {@code /engine-rest}, the Cockpit login form, the passengers' login).
 *
 * <p>The real server sees every request from 127.0.0.1; MockMvc requests carry their own address.
 */
@ApplicationTest
class LoginThrottlingTest {
  @Autowired Http http;
  @Autowired Operators operators;
  @Autowired Accounts accounts;
  @Autowired AdjustableClock clock;
  @Autowired AuthorizationService authorizations;
  @LocalServerPort int port;

  /**
   * Attack: 20 wrong logins of user X from address A used to make Camunda delay X (refusing even
   * the right password for up to a minute, everywhere) and lock address A; X's own correct logins
   * from B were then refused by Camunda and counted as B's failures until B was locked too.
   */
  @Test
  void staff_wrongLoginsFromOneAddress_neverKeepTheRightPasswordOutAtAnother() throws Exception {
    String victim = cockpitUser();
    String attacker = newAddress();
    // every failure reaches Camunda's password check (the attacker waits out each backoff)
    failLogins(20, () -> reviews(attacker, Http.basic(victim, "guess")), 401, "UNAUTHENTICATED");

    // at once, from another address: the API's Basic (authenticated, then refused the reviews
    // as a user outside `reviewers`)
    String office = newAddress();
    for (int i = 0; i < 40; i++) {
      assertProblem(reviews(office, Http.basic(victim, Operators.PASSWORD)), 403, "FORBIDDEN");
    }
    // Camunda's own Basic and the Cockpit login form (the real server, another address again)
    HttpClient browser = browser();
    assertThat(engineRestTasks(browser, victim, Operators.PASSWORD).statusCode()).isEqualTo(200);
    assertThat(cockpitLogin(browser, victim, Operators.PASSWORD).statusCode()).isEqualTo(200);
  }

  /**
   * Attack: wrong logins through Camunda's own surfaces ({@code /engine-rest} Basic, the Cockpit
   * login form) from one address. That address is slowed down for that user; the user logs in at
   * once elsewhere, and another user at the same address is not slowed down by it.
   */
  @Test
  void staff_wrongEngineRestAndCockpitLogins_slowDownOnlyThatUserAtThatAddress() throws Exception {
    String victim = cockpitUser();
    HttpClient browser = browser();
    nextAddressWindow();
    // fail (alternating the two surfaces) until this address waits at least 8 s for the victim
    long wait =
        failUntilWaiting(
            8,
            i ->
                i % 2 == 0
                    ? engineRestTasks(browser, victim, "guess-" + i)
                    : cockpitLogin(browser, victim, "guess-" + i));
    // the right password waits too: refused before it is checked
    assertThat(engineRestTasks(browser, victim, Operators.PASSWORD).statusCode()).isEqualTo(429);
    HttpResponse<?> form = cockpitLogin(browser, victim, Operators.PASSWORD);
    assertThat(form.statusCode()).isEqualTo(429);
    assertThat(form.headers().firstValue("Retry-After")).isPresent();

    assertProblem(reviews(newAddress(), Http.basic(victim, Operators.PASSWORD)), 403, "FORBIDDEN");
    String colleague = cockpitUser();
    assertThat(engineRestTasks(browser, colleague, Operators.PASSWORD).statusCode()).isEqualTo(200);
    assertThat(cockpitLogin(browser(), colleague, Operators.PASSWORD).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(wait));
    assertThat(engineRestTasks(browser, victim, Operators.PASSWORD).statusCode()).isEqualTo(200);
    nextAddressWindow();
  }

  /**
   * Moves the clock to the next 15-minute window of the per-address ceiling: the real server sees
   * every test from 127.0.0.1, so its failures here must neither add up with other tests' nor leave
   * it over the ceiling for them.
   */
  private void nextAddressWindow() {
    long window = Duration.ofMinutes(15).toMillis();
    long now = clock.millis();
    clock.advance(Duration.ofMillis((now / window + 1) * window - now + 100));
  }

  interface StaffAttempt {
    HttpResponse<?> send(int attempt) throws Exception;
  }

  /**
   * Failed logins from 127.0.0.1 until it has to wait at least {@code seconds} (moving the clock
   * past shorter waits); returns that wait.
   */
  private long failUntilWaiting(long seconds, StaffAttempt attempt) throws Exception {
    for (int i = 0; i < 20; i++) {
      HttpResponse<?> r = attempt.send(i);
      if (r.statusCode() != 429) {
        assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(401);
        continue;
      }
      long wait = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
      if (wait >= seconds) {
        return wait;
      }
      clock.advance(Duration.ofSeconds(wait));
    }
    throw new AssertionError("no wait of " + seconds + " s after 20 failed logins");
  }

  /** Attack: 5 wrong passwords from any address used to lock the passenger out everywhere. */
  @Test
  void passenger_wrongPasswordsFromOneAddress_neverLockTheUsernameAtAnother() throws Exception {
    Accounts.Passenger p = accounts.registered("钱二");
    String attacker = newAddress();
    failLogins(10, () -> login(attacker, p.username(), "wrong"), 401, "INVALID_CREDENTIALS");

    Http.Response own = login(newAddress(), p.username(), Accounts.PASSWORD);
    assertThat(own.status()).as("the passenger elsewhere: %s", own).isEqualTo(200);
    assertThat(own.text("accessToken")).isNotBlank();
  }

  /**
   * Guessing one passenger's password from one address: after a few failures that address waits
   * longer and longer for that user name (doubling, at most 15 minutes), answered before the
   * password is checked, so even the right one is refused while it waits.
   */
  @Test
  void passenger_guessingFromOneAddress_waitsLongerAndLonger_atMost15Minutes() throws Exception {
    Accounts.Passenger p = accounts.registered("孙三");
    String attacker = newAddress();
    // the start of a passenger pair's 24-hour window: the failures below are counted in one
    long day = Duration.ofDays(1).toMillis();
    clock.advance(Duration.ofMillis((clock.millis() / day + 1) * day - clock.millis() + 100));
    List<Long> waits = new ArrayList<>();
    int failures = 0;
    for (int i = 0; i < 40 && waits.size() < 14; i++) {
      Http.Response r = login(attacker, p.username(), "wrong-" + i);
      if (r.status() == 429) {
        waits.add(retryAfter(r));
        clock.advance(Duration.ofSeconds(waits.get(waits.size() - 1)));
      } else {
        assertProblem(r, 401, "INVALID_CREDENTIALS");
        failures++;
      }
    }
    assertThat(failures).as("failures before the first wait").isGreaterThanOrEqualTo(3);
    assertThat(waits).hasSize(14);
    for (int i = 1; i < waits.size(); i++) {
      assertThat(waits.get(i)).as("wait %d", i).isGreaterThanOrEqualTo(waits.get(i - 1));
    }
    assertThat(waits.get(waits.size() - 1)).isEqualTo(Duration.ofMinutes(15).toSeconds());
    assertThat(waits.get(8)).isGreaterThan(waits.get(1) * 8); // grows exponentially

    // one more failure while the wait is long: even the right password waits
    clock.advance(Duration.ofSeconds(1));
    assertProblem(login(attacker, p.username(), "wrong-again"), 401, "INVALID_CREDENTIALS");
    Http.Response waiting = login(attacker, p.username(), Accounts.PASSWORD);
    long wait = retryAfter(waiting);
    assertThat(waiting.raw()).doesNotContain("accessToken");
    clock.advance(Duration.ofSeconds(wait));
    assertThat(login(attacker, p.username(), Accounts.PASSWORD).status()).isEqualTo(200);
  }

  /**
   * Attack: many addresses guessing one user name (a botnet). Per address each stays under its
   * backoff; the user name's own ceiling then only slows every login of it by a few seconds (it
   * never locks the user out for long), and the right password gets through after that.
   */
  @Test
  void passenger_guessingFromManyAddresses_onlySlowsTheUsernameBriefly() throws Exception {
    Accounts.Passenger p = accounts.registered("李四");
    Http.Response last = null;
    for (int i = 0; i < 60; i++) {
      last = login(newAddress(), p.username(), "wrong-" + i);
      if (last.status() == 429) {
        break;
      }
      assertProblem(last, 401, "INVALID_CREDENTIALS");
    }
    assertThat(last.status()).as("the user name is slowed down").isEqualTo(429);
    Http.Response slowed = login(newAddress(), p.username(), Accounts.PASSWORD);
    long wait = retryAfter(slowed);
    assertThat(wait).isLessThanOrEqualTo(5);

    clock.advance(Duration.ofSeconds(wait));
    assertThat(login(newAddress(), p.username(), Accounts.PASSWORD).status()).isEqualTo(200);
  }

  /** A Camunda user in no group who may open Cockpit (so that its login answers 200). */
  private String cockpitUser() {
    String user = operators.newUser();
    Authorization access = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    access.setUserId(user);
    access.setResource(Resources.APPLICATION);
    access.setResourceId("cockpit");
    access.addPermission(Permissions.ACCESS);
    authorizations.saveAuthorization(access);
    return user;
  }

  interface Attempt {
    Http.Response send() throws Exception;
  }

  /** {@code count} failed logins, waiting out every backoff in between (moving the clock). */
  private void failLogins(int count, Attempt attempt, int status, String code) throws Exception {
    int failures = 0;
    for (int i = 0; failures < count; i++) {
      assertThat(i).as("attempts for %d failures", count).isLessThan(count * 3);
      Http.Response r = attempt.send();
      if (r.status() == 429) {
        clock.advance(Duration.ofSeconds(retryAfter(r)));
      } else {
        assertProblem(r, status, code);
        failures++;
      }
    }
  }

  private static long retryAfter(Http.Response r) {
    assertProblem(r, 429, "RATE_LIMITED");
    String header = r.servletResponse().getHeader("Retry-After");
    assertThat(header).as("Retry-After of %s", r).matches("[0-9]+");
    long seconds = Long.parseLong(header);
    assertThat(seconds).isBetween(1L, Duration.ofMinutes(15).toSeconds());
    return seconds;
  }

  private Http.Response reviews(String address, String authorization) throws Exception {
    return http.perform(
        from(address, MockMvcRequestBuilders.get("/api/v1/reviews")),
        "Authorization",
        authorization);
  }

  private Http.Response login(String address, String username, String password) throws Exception {
    return http.perform(
        from(
            address,
            MockMvcRequestBuilders.post("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    http.write(Map.of("username", username, "password", password))
                        .getBytes(StandardCharsets.UTF_8))));
  }

  private static MockHttpServletRequestBuilder from(
      String address, MockHttpServletRequestBuilder request) {
    return request.with(
        r -> {
          r.setRemoteAddr(address);
          return r;
        });
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<?> engineRestTasks(HttpClient client, String user, String password)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base() + "/engine-rest/task"))
            .header("Authorization", Http.basic(user, password))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** The Cockpit login form, as the browser sends it (with its CSRF token). */
  private HttpResponse<?> cockpitLogin(HttpClient client, String user, String password)
      throws Exception {
    client.send(
        HttpRequest.newBuilder(URI.create(base() + "/camunda/app/cockpit/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    String xsrf =
        ((CookieManager) client.cookieHandler().orElseThrow())
            .getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst()
                .orElseThrow()
                .getValue();
    return client.send(
        HttpRequest.newBuilder(
                URI.create(base() + "/camunda/api/admin/auth/user/default/login/cockpit"))
            .header("X-XSRF-TOKEN", xsrf)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static String newAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "203.0." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }
}
