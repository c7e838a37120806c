package cn.railway.tempid.application;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.retention.PersonalDataPurge;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API.md "Failures and retries": {@code POST /applications} with an {@code Idempotency-Key}. A
 * client whose first request timed out after it was committed retries and gets the first answer
 * (same status, same application, for a guest an applicant token that works), not {@code 409}.
 */
@ApplicationTest
class IdempotentSubmissionTest {
  private static final String KEY = "Idempotency-Key";

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  @Autowired AdjustableClock clock;
  @Autowired PersonalDataPurge purge;

  private Http.Response submit(Object body, String... headers) throws Exception {
    return http.post("/api/v1/applications", body, headers);
  }

  private static Map<String, Object> guest(String idNumber) {
    return Passengers.guestApplication("张三", idNumber);
  }

  @Test
  void aGuestsRetryWithTheSameKey_getsTheFirstAnswer_withAFreshApplicantTokenThatWorks()
      throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String key = UUID.randomUUID().toString();

    Http.Response first = submit(guest(idNumber), KEY, key);
    Http.Response retry = submit(guest(idNumber), KEY, key);

    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    assertThat(retry.text("applicationId")).isEqualTo(first.text("applicationId"));
    assertThat(retry.text("status")).isEqualTo("AWAITING_LIVENESS");
    assertThat(retry.body().path("liveness").path("sessionId").asText())
        .isEqualTo(first.body().path("liveness").path("sessionId").asText());
    assertThat(retry.text("applicantToken"))
        .isNotBlank()
        .isNotEqualTo(first.text("applicantToken"));
    for (Http.Response r : new Http.Response[] {first, retry}) {
      Http.Response own =
          http.get(
              "/api/v1/applications/" + first.text("applicationId"),
              "X-Applicant-Token",
              r.text("applicantToken"));
      assertThat(own.status()).as("token of %s", r).isEqualTo(200);
    }
    // without the key the same request is a second application of a person in flight
    assertProblem(submit(guest(idNumber)), 409, "APPLICATION_IN_PROGRESS");
    // and a new key is a new request
    assertProblem(
        submit(guest(idNumber), KEY, UUID.randomUUID().toString()), 409, "APPLICATION_IN_PROGRESS");
  }

  @Test
  void theSameKey_withAnotherBody_is422IdempotencyKeyReused() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String key = UUID.randomUUID().toString();
    assertThat(submit(guest(idNumber), KEY, key).status()).isEqualTo(201);

    Map<String, Object> moved = new HashMap<>(guest(idNumber));
    moved.put("location", Map.of("latitude", 31.2304, "longitude", 121.4737));
    Http.Response reused = submit(moved, KEY, key);

    assertProblem(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.raw()).doesNotContain(idNumber).doesNotContain(key);
    assertThat(
            submit(guest(TestIdentities.randomIdNumber()), KEY, key).body().path("code").asText())
        .as("another person's body under a guest's key")
        .isEqualTo("IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void aRefusalIsReplayedToo_withTheSameRecordedApplication() throws Exception {
    String key = UUID.randomUUID().toString();
    Map<String, Object> passport = new HashMap<>(guest("E12345678"));
    passport.put("idType", "PASSPORT");

    Http.Response first = submit(passport, KEY, key);
    Http.Response retry = submit(passport, KEY, key);

    assertProblem(first, 422, "ID_TYPE_NOT_SUPPORTED");
    assertProblem(retry, 422, "ID_TYPE_NOT_SUPPORTED");
    assertThat(retry.text("applicationId")).isEqualTo(first.text("applicationId"));
    assertThat(retry.text("guidance")).isEqualTo("STATION_POLICE_WINDOW");
  }

  @Test
  void aRegisteredPassengersKey_isTheirsAlone() throws Exception {
    String key = UUID.randomUUID().toString();
    Accounts.Passenger one = accounts.registered("李四");
    Accounts.Passenger two = accounts.registered("王五");
    Map<String, Object> body =
        Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS);

    Http.Response first = submit(body, bearerAnd(one, key));
    Http.Response retry = submit(body, bearerAnd(one, key));
    Http.Response other = submit(body, bearerAnd(two, key));

    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    assertThat(retry.text("applicationId")).isEqualTo(first.text("applicationId"));
    assertThat(retry.text("applicantToken")).as("a passenger needs none").isNull();
    assertThat(other.status()).as("%s", other).isEqualTo(201);
    assertThat(other.text("applicationId")).isNotEqualTo(first.text("applicationId"));
  }

  private static String[] bearerAnd(Accounts.Passenger passenger, String key) {
    String[] bearer = passenger.bearer();
    return new String[] {bearer[0], bearer[1], KEY, key};
  }

  @Test
  void aKeyThatIsNotUpTo64VisibleAsciiCharacters_is400() throws Exception {
    for (String bad : new String[] {"x".repeat(65), "with space", "钥匙", ""}) {
      Http.Response r = submit(guest(TestIdentities.randomIdNumber()), KEY, bad);
      assertValidation(r, "VALIDATION_FAILED", KEY);
    }
    assertThat(submit(guest(TestIdentities.randomIdNumber()), KEY, "~".repeat(64)).status())
        .isEqualTo(201);
  }

  /**
   * Security issue: a guest's key of any length handed out a fresh working token on replay. A
   * guest's key has at least 16 characters (a random UUID is expected); a registered passenger's
   * may be shorter (their account scopes it).
   */
  @Test
  void aGuestsKeyShorterThan16Characters_is400_aPassengersIsNot() throws Exception {
    Http.Response shortKey = submit(guest(TestIdentities.randomIdNumber()), KEY, "k".repeat(15));
    assertValidation(shortKey, "VALIDATION_FAILED", KEY);
    assertThat(shortKey.raw()).contains("16");
    assertThat(submit(guest(TestIdentities.randomIdNumber()), KEY, "abcdefghijklmnop").status())
        .isEqualTo(201);

    Accounts.Passenger passenger = accounts.registered("赵六");
    Map<String, Object> body =
        Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS);
    assertThat(submit(body, bearerAnd(passenger, "short")).status()).isEqualTo(201);
  }

  /** Replays count against the person's submission limit: the key is no way around it. */
  @Test
  void replaysCountAgainstTheSubmissionLimit() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String key = UUID.randomUUID().toString();
    assertThat(submit(guest(idNumber), KEY, key).status()).isEqualTo(201);

    Http.Response last = null;
    for (int i = 0; i < 12; i++) {
      last = submit(guest(idNumber), KEY, key);
      if (last.status() != 201) {
        break;
      }
    }
    assertProblem(last, 429, "RATE_LIMITED");
    assertThat(last.servletResponse().getHeader("Retry-After")).isNotBlank();
  }

  @Test
  void after24Hours_theKeyIsForgotten_andRetentionRemovesIt() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    String key = UUID.randomUUID().toString();
    Http.Response first = submit(guest(idNumber), KEY, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(keysOf(first.text("applicationId"))).isEqualTo(1);

    clock.advance(Duration.ofHours(24).plusMinutes(1));

    // the first application is still in flight (no timer ran here): a new request now
    assertProblem(submit(guest(idNumber), KEY, key), 409, "APPLICATION_IN_PROGRESS");
    purge.purgeDue();
    assertThat(keysOf(first.text("applicationId"))).isZero();
  }

  private long keysOf(String applicationId) {
    return jdbc.sql("select count(*) from idempotency_key where application_id = ?")
        .param(applicationId)
        .query(Long.class)
        .single();
  }
}
