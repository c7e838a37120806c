package cn.railway.tempid.demo;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** API.md "Demo profile only": clock, users, registry persons. */
@ApplicationTest
class DemoApiTest {
  @Autowired Http http;

  @Test
  void getClock() throws Exception {
    Http.Response r = http.get("/api/v1/demo/clock");
    assertThat(r.status()).isEqualTo(200);
    assertThat(Instant.parse(r.text("now"))).isNotNull();
  }

  @Test
  void advanceClock_movesNowBy30Minutes() throws Exception {
    Instant before = Instant.parse(http.get("/api/v1/demo/clock").text("now"));

    Http.Response r = http.post("/api/v1/demo/clock", Map.of("advance", "PT30M"));

    assertThat(r.status()).isEqualTo(200);
    Instant after = Instant.parse(r.text("now"));
    assertThat(Duration.between(before, after))
        .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusSeconds(10));
    assertThat(Instant.parse(http.get("/api/v1/demo/clock").text("now"))).isAfterOrEqualTo(after);
  }

  @Test
  void setClock_forward() throws Exception {
    Instant target =
        Instant.parse(http.get("/api/v1/demo/clock").text("now"))
            .plus(Duration.ofMinutes(5))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Http.Response r = http.post("/api/v1/demo/clock", Map.of("set", target.toString()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(Duration.between(target, Instant.parse(r.text("now"))))
        .isBetween(Duration.ZERO, Duration.ofSeconds(10));
  }

  @Test
  void badClockRequests_400() throws Exception {
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("advance", "30 minutes")),
        "VALIDATION_FAILED",
        "advance");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("advance", "-PT5M")),
        "VALIDATION_FAILED",
        "advance");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("set", "tomorrow")), "VALIDATION_FAILED", "set");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("advance", "PT1M", "set", "2030-01-01T00:00:00Z")),
        "VALIDATION_FAILED");
    assertValidation(http.post("/api/v1/demo/clock", Map.of()), "VALIDATION_FAILED");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("advance", 30)), "VALIDATION_FAILED", "advance");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("advance", "PT2562047788015215H")),
        "VALIDATION_FAILED",
        "advance");
    assertValidation(
        http.post("/api/v1/demo/clock", Map.of("set", "+999999999-12-31T23:59:59Z")),
        "VALIDATION_FAILED",
        "set");
  }

  @Test
  void createUser_201_duplicate409() throws Exception {
    String username = Accounts.newUsername();
    String idNumber = TestIdentities.randomIdNumber();
    Http.Response created =
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
                idNumber));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw()).doesNotContain(idNumber).doesNotContain("王五");

    Http.Response sameUsername =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                username,
                "password",
                Accounts.PASSWORD,
                "name",
                "王六",
                "idNumber",
                TestIdentities.randomIdNumber()));
    assertProblem(sameUsername, 409, "ACCOUNT_EXISTS");
    Http.Response samePerson =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                Accounts.newUsername(),
                "password",
                Accounts.PASSWORD,
                "name",
                "王五",
                "idNumber",
                idNumber));
    assertProblem(samePerson, 409, "ACCOUNT_EXISTS");
    assertThat(samePerson.raw()).doesNotContain(idNumber);
  }

  @Test
  void createUser_invalid_400() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    assertValidation(
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                Accounts.newUsername(),
                "password",
                "short",
                "name",
                "王五",
                "idNumber",
                idNumber)),
        "VALIDATION_FAILED",
        "password");
    assertValidation(
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                "has space",
                "password",
                Accounts.PASSWORD,
                "name",
                "王五",
                "idNumber",
                idNumber)),
        "VALIDATION_FAILED",
        "username");
    Http.Response badNumber =
        http.post(
            "/api/v1/demo/users",
            Map.of(
                "username",
                Accounts.newUsername(),
                "password",
                Accounts.PASSWORD,
                "name",
                "王五",
                "idNumber",
                idNumber.substring(0, 17) + (idNumber.charAt(17) == '1' ? '2' : '1')));
    assertValidation(badNumber, "INVALID_ID_NUMBER", "idNumber");
    assertThat(badNumber.raw()).doesNotContain(idNumber.substring(0, 17));
  }

  @Test
  void registryPerson_201_unknownFlag400() throws Exception {
    assertThat(
            http.post(
                    "/api/v1/demo/registry/persons",
                    Map.of(
                        "name",
                        "张三",
                        "idNumber",
                        TestIdentities.randomIdNumber(),
                        "flags",
                        List.of()))
                .status())
        .isEqualTo(201);
    assertThat(
            http.post(
                    "/api/v1/demo/registry/persons",
                    Map.of(
                        "name",
                        "张三",
                        "idNumber",
                        TestIdentities.randomIdNumber(),
                        "flags",
                        List.of("DECEASED", "REPORTED_FRAUD")))
                .status())
        .isEqualTo(201);
    assertThat(
            http.post(
                    "/api/v1/demo/registry/persons",
                    Map.of("name", "张三", "idNumber", TestIdentities.randomIdNumber()))
                .status())
        .isEqualTo(201);

    assertValidation(
        http.post(
            "/api/v1/demo/registry/persons",
            Map.of(
                "name",
                "张三",
                "idNumber",
                TestIdentities.randomIdNumber(),
                "flags",
                List.of("VIP"))),
        "VALIDATION_FAILED",
        "flags");
    assertValidation(
        http.post("/api/v1/demo/registry/persons", Map.of("name", "张三", "idNumber", "123")),
        "INVALID_ID_NUMBER",
        "idNumber");
    assertValidation(
        http.post(
            "/api/v1/demo/registry/persons", Map.of("idNumber", TestIdentities.randomIdNumber())),
        "VALIDATION_FAILED",
        "name");
  }
}
