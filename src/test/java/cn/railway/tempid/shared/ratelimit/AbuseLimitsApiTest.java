package cn.railway.tempid.shared.ratelimit;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Abuse limits through the API with the default limits: 429 RATE_LIMITED with Retry-After, login
 * backoff per user name and address (also for unknown usernames; more in {@code
 * LoginThrottlingTest}), carrier-grade NAT, and a lookup whose answers and limits never tell
 * whether a certificate exists. Each test uses its own client address.
 */
@ApplicationTest
class AbuseLimitsApiTest {
  @Autowired Http http;
  @Autowired Accounts accounts;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @Autowired PersonKeys personKeys;
  @Autowired JdbcClient jdbc;

  static String newAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  Http.Response post(String address, String path, Object body) throws Exception {
    return http.perform(
        MockMvcRequestBuilders.post(path)
            .contentType(MediaType.APPLICATION_JSON)
            .content(http.write(body).getBytes(StandardCharsets.UTF_8))
            .with(
                request -> {
                  request.setRemoteAddr(address);
                  return request;
                }));
  }

  Http.Response login(String address, String username, String password) throws Exception {
    return post(address, "/api/v1/auth/login", Map.of("username", username, "password", password));
  }

  /** 429 RATE_LIMITED with Retry-After in seconds, equal to retryAfterSeconds; returns it. */
  static long assertRateLimited(Http.Response r, long atMostSeconds) {
    JsonNode body = assertProblem(r, 429, "RATE_LIMITED");
    String header = r.servletResponse().getHeader("Retry-After");
    assertThat(header).as("Retry-After of %s", r).matches("[0-9]+");
    long seconds = Long.parseLong(header);
    assertThat(seconds).isBetween(1L, atMostSeconds);
    assertThat(body.path("retryAfterSeconds").asLong()).isEqualTo(seconds);
    return seconds;
  }

  /** Moves the clock to just after the start of the next window of this length. */
  void startOfNextWindow(Duration window) {
    long now = clock.millis();
    long size = window.toMillis();
    clock.advance(Duration.ofMillis((now / size + 1) * size - now + 100));
  }

  /**
   * Fails logins of {@code username} from {@code address} until that address has to wait at least
   * {@code seconds} for it (moving the clock past every shorter wait); returns that wait.
   */
  long failUntilWaiting(String address, String username, long seconds) throws Exception {
    for (int i = 0; i < 60; i++) {
      Http.Response r = login(address, username, "wrong-" + i);
      if (r.status() != 429) {
        assertProblem(r, 401, "INVALID_CREDENTIALS");
        continue;
      }
      long wait = assertRateLimited(r, 15 * 60);
      if (wait >= seconds) {
        return wait;
      }
      clock.advance(Duration.ofSeconds(wait));
    }
    throw new AssertionError("no wait of " + seconds + " s after 60 failed logins");
  }

  @Test
  void failedLogins_makeThatAddressWait_evenForTheRightPassword_butNoOtherAddress()
      throws Exception {
    String address = newAddress();
    Accounts.Passenger p = accounts.registered("孙八");
    for (int i = 0; i < 4; i++) {
      assertProblem(login(address, p.username(), "wrong-" + i), 401, "INVALID_CREDENTIALS");
    }
    failUntilWaiting(address, p.username(), 16);

    Http.Response waiting = login(address, p.username(), Accounts.PASSWORD);
    long retryAfter = assertRateLimited(waiting, 15 * 60);
    assertThat(waiting.raw()).doesNotContain("accessToken");
    Http.Response elsewhere = login(newAddress(), p.username(), Accounts.PASSWORD);
    assertThat(elsewhere.status()).as("another address: %s", elsewhere).isEqualTo(200);

    clock.advance(Duration.ofSeconds(retryAfter));
    Http.Response released = login(address, p.username(), Accounts.PASSWORD);
    assertThat(released.status()).as("after the wait: %s", released).isEqualTo(200);
    assertThat(released.text("accessToken")).isNotBlank();
  }

  @Test
  void unknownUsernames_areSlowedDownTheSameWay() throws Exception {
    String address = newAddress();
    Accounts.Passenger p = accounts.registered("周九");
    String unknown = Accounts.newUsername();
    for (int i = 0; i < 4; i++) {
      Http.Response known = login(address, p.username(), "wrong-" + i);
      Http.Response nobody = login(address, unknown, "wrong-" + i);
      assertProblem(known, 401, "INVALID_CREDENTIALS");
      assertThat(nobody.status()).isEqualTo(known.status());
      assertThat(nobody.raw()).isEqualTo(known.raw());
    }
    // the second moves the clock on by less than the first's wait: both wait at once
    failUntilWaiting(address, p.username(), 256);
    failUntilWaiting(address, unknown, 16);

    Http.Response known = login(address, p.username(), Accounts.PASSWORD);
    Http.Response nobody = login(address, unknown, Accounts.PASSWORD);
    assertRateLimited(known, 15 * 60);
    assertRateLimited(nobody, 15 * 60);
    assertSameAnswer(known, nobody);

    clock.advance(Duration.ofMinutes(15));
    assertThat(login(address, p.username(), Accounts.PASSWORD).status()).isEqualTo(200);
    assertProblem(login(address, unknown, Accounts.PASSWORD), 401, "INVALID_CREDENTIALS");
  }

  @Test
  void aSuccessfulLogin_forgetsEarlierFailures() throws Exception {
    startOfNextWindow(Duration.ofMinutes(15));
    String address = newAddress();
    Accounts.Passenger p = accounts.registered("吴十");
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertProblem(login(address, p.username(), "wrong"), 401, "INVALID_CREDENTIALS");
      }
      assertThat(login(address, p.username(), Accounts.PASSWORD).status()).isEqualTo(200);
    }
  }

  @Test
  void fiftyPeopleBehindOneAddress_canAllSubmit() throws Exception {
    String station = newAddress();
    for (int i = 0; i < 50; i++) {
      Http.Response r =
          post(
              station,
              "/api/v1/applications",
              Passengers.guestApplication("郑一", TestIdentities.randomIdNumber()));
      assertThat(r.status()).as("passenger %d behind one address: %s", i, r).isEqualTo(201);
    }
  }

  @Test
  void submissionsPerPerson_areLimited_andARefusedOneStoresNothing() throws Exception {
    startOfNextWindow(Duration.ofHours(1));
    String idNumber = TestIdentities.randomIdNumber();
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication("冯二", idNumber));
    body.remove("location"); // refused LOCATION_REQUIRED, and recorded as an application
    for (int i = 0; i < 10; i++) {
      // a different address each time: the person is limited wherever they come from
      assertProblem(post(newAddress(), "/api/v1/applications", body), 422, "LOCATION_REQUIRED");
    }
    assertThat(applicationsOf(idNumber)).isEqualTo(10);

    assertRateLimited(post(newAddress(), "/api/v1/applications", body), 3600);
    assertRateLimited(
        post(newAddress(), "/api/v1/applications", Passengers.guestApplication("冯二", idNumber)),
        3600);
    assertThat(applicationsOf(idNumber)).as("a refused submission stores nothing").isEqualTo(10);

    clock.advance(Duration.ofHours(1));
    Http.Response again =
        post(newAddress(), "/api/v1/applications", Passengers.guestApplication("冯二", idNumber));
    assertThat(again.status()).as("next window: %s", again).isEqualTo(201);
  }

  @Test
  void attemptsAnswered409WhileAnApplicationIsInFlight_countTowardsThePersonsLimit()
      throws Exception {
    // the person's count commits in the submission's own transaction: a 409 must still count
    startOfNextWindow(Duration.ofHours(1));
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("卫三", idNumber);
    Map<String, Object> body = Passengers.guestApplication("卫三", idNumber);
    assertThat(post(newAddress(), "/api/v1/applications", body).status()).isEqualTo(201);
    for (int i = 1; i < 10; i++) {
      assertProblem(
          post(newAddress(), "/api/v1/applications", body), 409, "APPLICATION_IN_PROGRESS");
    }
    assertRateLimited(post(newAddress(), "/api/v1/applications", body), 3600);
    assertThat(applicationsOf(idNumber)).isEqualTo(1);
  }

  @Test
  void theLookup_answersIdentically_whetherOrNotACertificateExists() throws Exception {
    String address = newAddress();
    String holder = issuedCertificate("陈三");
    String nobody = TestIdentities.randomIdNumber();

    Http.Response found = lookup(address, "陈三", holder);
    Http.Response notFound = lookup(address, "陈三", nobody);
    assertThat(found.status()).isEqualTo(202);
    assertSameAnswer(found, notFound);
  }

  @Test
  void theLookupLimit_isTheSameWhetherOrNotACertificateExists_andStoresNothingWhenReached()
      throws Exception {
    String holder = issuedCertificate("褚四");
    startOfNextWindow(Duration.ofHours(1));
    String nobody = TestIdentities.randomIdNumber();
    for (int i = 0; i < 10; i++) {
      Http.Response found = lookup(newAddress(), "褚四", holder);
      Http.Response notFound = lookup(newAddress(), "褚四", nobody);
      assertThat(found.status()).isEqualTo(202);
      assertSameAnswer(found, notFound);
    }
    long sessions = lookupSessionsOf(holder);

    Http.Response found = lookup(newAddress(), "褚四", holder);
    Http.Response notFound = lookup(newAddress(), "褚四", nobody);
    assertRateLimited(found, 3600);
    assertRateLimited(notFound, 3600);
    assertSameAnswer(found, notFound);
    assertThat(lookupSessionsOf(holder))
        .as("no liveness session for a refused lookup")
        .isEqualTo(sessions)
        .isEqualTo(10);
    assertThat(lookupSessionsOf(nobody)).isEqualTo(10);

    clock.advance(Duration.ofHours(1));
    assertThat(lookup(newAddress(), "褚四", holder).status()).isEqualTo(202);
    assertThat(lookup(newAddress(), "褚四", nobody).status()).isEqualTo(202);
  }

  Http.Response lookup(String address, String name, String idNumber) throws Exception {
    return post(
        address,
        "/api/v1/certificates/lookup",
        Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", idNumber));
  }

  /**
   * Same status, same headers (but the time left and the per-request trace id), same body shape.
   */
  static void assertSameAnswer(Http.Response a, Http.Response b) {
    assertThat(b.status()).isEqualTo(a.status());
    assertThat(b.contentType()).isEqualTo(a.contentType());
    assertThat(new TreeSet<>(b.servletResponse().getHeaderNames()))
        .isEqualTo(new TreeSet<>(a.servletResponse().getHeaderNames()));
    for (String header : a.servletResponse().getHeaderNames()) {
      if (!Set.of("Retry-After", "X-Trace-Id").contains(header)) {
        assertThat(b.servletResponse().getHeaderValues(header))
            .as(header)
            .isEqualTo(a.servletResponse().getHeaderValues(header));
      }
    }
    assertThat(shape(b.body())).isEqualTo(shape(a.body()));
    if (a.status() >= 400) {
      ObjectNode left = a.body().deepCopy();
      ObjectNode right = b.body().deepCopy();
      left.remove("retryAfterSeconds");
      right.remove("retryAfterSeconds");
      assertThat(right).isEqualTo(left);
    }
  }

  private static Set<String> shape(JsonNode body) {
    Set<String> fields = new TreeSet<>();
    body.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private String issuedCertificate(String name) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest(name, idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");
    return idNumber;
  }

  private long applicationsOf(String idNumber) {
    return jdbc.sql("select count(*) from application where person_key = ?")
        .param(personKeys.personKey(idNumber))
        .query(Long.class)
        .single();
  }

  private long lookupSessionsOf(String idNumber) {
    return jdbc.sql("select count(*) from liveness_session where person_key = ? and purpose = ?")
        .params(personKeys.personKey(idNumber), "LOOKUP")
        .query(Long.class)
        .single();
  }
}
