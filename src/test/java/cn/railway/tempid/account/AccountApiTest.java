package cn.railway.tempid.account;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * API.md "Accounts": login, logout, /me, /me/applications, with the whole service. The answers the
 * web edge gives alone (a login without fields or not JSON, a logout without a token) are in {@code
 * account.AuthRequestContractTest}, a web slice.
 */
@ApplicationTest
class AccountApiTest {
  @Autowired Http http;
  @Autowired Accounts accounts;
  @Autowired AdjustableClock clock;

  @Test
  void login_returnsAccessTokenAndExpiry() throws Exception {
    String username = Accounts.newUsername();
    assertThat(
            http.post(
                    "/api/v1/demo/users",
                    Map.of(
                        "username",
                        username,
                        "password",
                        Accounts.PASSWORD,
                        "name",
                        "王五",
                        "idNumber",
                        TestIdentities.randomIdNumber()))
                .status())
        .isEqualTo(201);

    Http.Response r =
        http.post(
            "/api/v1/auth/login", Map.of("username", username, "password", Accounts.PASSWORD));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("accessToken")).isNotBlank();
    assertThat(Instant.parse(r.text("expiresAt"))).isAfter(clock.instant());
  }

  @Test
  void wrongPasswordAndUnknownUser_areTheSame401() throws Exception {
    Accounts.Passenger p = accounts.registered("赵六");

    Http.Response wrongPassword =
        http.post(
            "/api/v1/auth/login", Map.of("username", p.username(), "password", "not-the-password"));
    Http.Response unknownUser =
        http.post(
            "/api/v1/auth/login",
            Map.of("username", Accounts.newUsername(), "password", "not-the-password"));

    assertProblem(wrongPassword, 401, "INVALID_CREDENTIALS");
    assertProblem(unknownUser, 401, "INVALID_CREDENTIALS");
    assertThat(wrongPassword.raw()).isEqualTo(unknownUser.raw());
  }

  @Test
  void logout_thenTheTokenAnswers401() throws Exception {
    Accounts.Passenger p = accounts.registered("钱七");
    assertThat(http.get("/api/v1/me", p.bearer()).status()).isEqualTo(200);

    Http.Response out = http.post("/api/v1/auth/logout", null, p.bearer());
    assertThat(out.status()).isEqualTo(204);

    assertProblem(http.get("/api/v1/me", p.bearer()), 401, "UNAUTHENTICATED");
    assertProblem(http.post("/api/v1/auth/logout", null, p.bearer()), 401, "UNAUTHENTICATED");
  }

  @Test
  void me_showsOnlyMaskedIdentity() throws Exception {
    Accounts.Passenger p = accounts.registered("李四");

    Http.Response me = http.get("/api/v1/me", p.bearer());

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("username")).isEqualTo(p.username());
    assertThat(me.text("maskedName")).isEqualTo("李*");
    assertThat(me.text("maskedIdNumber"))
        .isEqualTo(p.idNumber().substring(0, 4) + "**********" + p.idNumber().substring(14));
    assertThat(me.raw()).doesNotContain(p.idNumber()).doesNotContain("李四");
  }

  @Test
  void me_withoutOrWithBadToken_is401() throws Exception {
    assertProblem(http.get("/api/v1/me"), 401, "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/me", "Authorization", "Bearer not-a-token"), 401, "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/me/applications", "Authorization", "Bearer not-a-token"),
        401,
        "UNAUTHENTICATED");
  }

  /** A guest's applicant token authenticates, but only for its own application: 403 FORBIDDEN. */
  @Test
  void guestToken_onMe_is403Forbidden() throws Exception {
    Http.Response submitted =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("孙八", TestIdentities.randomIdNumber()));
    assertThat(submitted.status()).isEqualTo(201);
    String token = submitted.text("applicantToken");

    assertProblem(http.get("/api/v1/me", "X-Applicant-Token", token), 403, "FORBIDDEN");
    assertProblem(
        http.get("/api/v1/me/applications", "X-Applicant-Token", token), 403, "FORBIDDEN");
  }

  @Test
  void myApplications_newestFirst_onlyOwn() throws Exception {
    Accounts.Passenger me = accounts.registered("周九");
    Accounts.Passenger other = accounts.registered("吴十");
    Http.Response othersApp =
        http.post("/api/v1/applications", registered(Passengers.BEIJING), other.bearer());
    assertThat(othersApp.status()).isEqualTo(201);

    List<String> ids = new ArrayList<>();
    // two recorded refusals, then an accepted application (one in flight at a time)
    Http.Response noLocation = http.post("/api/v1/applications", registered(null), me.bearer());
    assertProblem(noLocation, 422, "LOCATION_REQUIRED");
    ids.add(noLocation.text("applicationId"));
    clock.advance(Duration.ofSeconds(2));
    Http.Response tokyo =
        http.post(
            "/api/v1/applications",
            registered(Map.of("latitude", 35.6762, "longitude", 139.6503)),
            me.bearer());
    assertProblem(tokyo, 422, "OUTSIDE_SERVICE_AREA");
    ids.add(tokyo.text("applicationId"));
    clock.advance(Duration.ofSeconds(2));
    Http.Response accepted =
        http.post("/api/v1/applications", registered(Passengers.BEIJING), me.bearer());
    assertThat(accepted.status()).isEqualTo(201);
    ids.add(accepted.text("applicationId"));

    Http.Response history = http.get("/api/v1/me/applications", me.bearer());

    assertThat(history.status()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    history.body().path("items").forEach(i -> listed.add(i.path("applicationId").asText()));
    assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    JsonNode items = history.body().path("items");
    assertThat(items.get(0).path("status").asText()).isEqualTo("AWAITING_LIVENESS");
    assertThat(items.get(1).path("status").asText()).isEqualTo("REJECTED");
    assertThat(items.get(1).path("reasonCode").asText()).isEqualTo("OUTSIDE_SERVICE_AREA");
    assertThat(items.get(2).path("reasonCode").asText()).isEqualTo("LOCATION_REQUIRED");
    items.forEach(i -> assertThat(i.path("maskedName").asText()).isEqualTo("周*"));
    assertThat(history.raw())
        .doesNotContain(me.idNumber())
        .doesNotContain("周九")
        .doesNotContain(othersApp.text("applicationId"))
        .doesNotContain("applicantToken");
  }

  private static Map<String, Object> registered(Map<String, Object> location) {
    Map<String, Object> body = new HashMap<>();
    body.put("consents", Passengers.ALL_CONSENTS);
    if (location != null) {
      body.put("location", location);
    }
    return body;
  }
}
