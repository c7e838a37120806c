package cn.railway.tempid.demo;

import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.account.AccountService;
import cn.railway.tempid.liveness.SimulatedCaptures;
import cn.railway.tempid.registry.SimulatedPeople;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.TestIdentities;
import cn.railway.tempid.support.WebSliceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * API.md "Demo profile only" at the web edge: the demo clock (a real {@link AdjustableClock} here)
 * is read and moved, a move that is not exactly one ISO-8601 {@code advance} or {@code set}, goes
 * back or too far is a 400 naming the field; a demo user or registry person with a bad field, an
 * invalid ID number or an unknown flag is a 400 that echoes no ID number and stores nothing; a
 * simulated capture needs a known outcome and scores from 0 to 1. Creating users in the database
 * (and refusing duplicates) is in {@code demo.DemoApiTest}, with the whole service.
 */
@WebSliceTest(DemoController.class)
@Import(DemoRequestContractTest.RealClock.class)
class DemoRequestContractTest {
  private static final String CLOCK = "/api/v1/demo/clock";

  @Autowired Http http;
  @MockitoBean AccountService accounts;
  @MockitoBean SimulatedPeople registry;
  @MockitoBean SimulatedCaptures captures;

  /** The demo clock itself, on the system's time. */
  @TestConfiguration(proxyBeanMethods = false)
  static class RealClock {
    @Bean
    AdjustableClock demoClock() {
      return AdjustableClock.systemUtc();
    }
  }

  @BeforeEach
  void knownFlags() {
    when(registry.knownFlags()).thenReturn(Set.of("DECEASED", "REPORTED_FRAUD"));
  }

  private Instant now() throws Exception {
    return Instant.parse(http.get(CLOCK).text("now"));
  }

  /** Was {@code DemoApiTest.getClock}. */
  @Test
  void getClock() throws Exception {
    Http.Response r = http.get(CLOCK);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(Instant.parse(r.text("now"))).isNotNull();
  }

  /** Was {@code DemoApiTest.advanceClock_movesNowBy30Minutes}. */
  @Test
  void advanceClock_movesNowBy30Minutes() throws Exception {
    Instant before = now();
    Http.Response r = http.post(CLOCK, Map.of("advance", "PT30M"));
    assertThat(r.status()).isEqualTo(200);
    Instant after = Instant.parse(r.text("now"));
    assertThat(Duration.between(before, after))
        .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusSeconds(10));
    assertThat(now()).isAfterOrEqualTo(after);
  }

  /** Was {@code DemoApiTest.setClock_forward}. */
  @Test
  void setClock_forward() throws Exception {
    Instant target = now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    Http.Response r = http.post(CLOCK, Map.of("set", target.toString()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(Duration.between(target, Instant.parse(r.text("now"))))
        .isBetween(Duration.ZERO, Duration.ofSeconds(10));
  }

  /** Was {@code DemoApiTest.badClockRequests_400}. */
  @Test
  void badClockRequests_400() throws Exception {
    assertValidation(
        http.post(CLOCK, Map.of("advance", "30 minutes")), "VALIDATION_FAILED", "advance");
    assertValidation(http.post(CLOCK, Map.of("advance", "-PT5M")), "VALIDATION_FAILED", "advance");
    assertValidation(http.post(CLOCK, Map.of("set", "tomorrow")), "VALIDATION_FAILED", "set");
    assertValidation(
        http.post(CLOCK, Map.of("advance", "PT1M", "set", "2030-01-01T00:00:00Z")),
        "VALIDATION_FAILED");
    assertValidation(http.post(CLOCK, Map.of()), "VALIDATION_FAILED");
    assertValidation(http.post(CLOCK, Map.of("advance", 30)), "VALIDATION_FAILED", "advance");
    assertValidation(
        http.post(CLOCK, Map.of("advance", "PT2562047788015215H")), "VALIDATION_FAILED", "advance");
    assertValidation(
        http.post(CLOCK, Map.of("set", "+999999999-12-31T23:59:59Z")), "VALIDATION_FAILED", "set");
  }

  /** Was {@code DemoApiTest.createUser_invalid_400}. */
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
    verifyNoInteractions(accounts);
    verify(registry, never()).put(anyString(), anyString(), any());
  }

  /** Was {@code DemoApiTest.registryPerson_201_unknownFlag400}. */
  @Test
  void registryPerson_201_unknownFlag400() throws Exception {
    String plain = TestIdentities.randomIdNumber();
    assertThat(
            http.post(
                    "/api/v1/demo/registry/persons",
                    Map.of("name", "张三", "idNumber", plain, "flags", List.of()))
                .status())
        .isEqualTo(201);
    verify(registry).put(eq(plain), eq("张三"), eq(Set.of()));
    String flagged = TestIdentities.randomIdNumber();
    assertThat(
            http.post(
                    "/api/v1/demo/registry/persons",
                    Map.of(
                        "name",
                        "张三",
                        "idNumber",
                        flagged,
                        "flags",
                        List.of("DECEASED", "REPORTED_FRAUD")))
                .status())
        .isEqualTo(201);
    verify(registry).put(eq(flagged), eq("张三"), eq(Set.of("DECEASED", "REPORTED_FRAUD")));
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

  /**
   * Was {@code LivenessCallbackApiTest.demoCapture_invalidOutcome_400} and the over-long session of
   * {@code demoCapture_unknownSession_404}.
   */
  @Test
  void aSimulatedCapture_needsAKnownOutcome_scoresFrom0To1_andAKnownSession() throws Exception {
    String path = "/api/v1/demo/liveness/s1";
    assertValidation(http.post(path, Map.of("outcome", "MAYBE")), "VALIDATION_FAILED", "outcome");
    assertValidation(http.post(path, Map.of()), "VALIDATION_FAILED", "outcome");
    assertValidation(
        http.post(path, Map.of("outcome", "PASS", "livenessScore", 1.5)),
        "VALIDATION_FAILED",
        "livenessScore");
    assertValidation(
        http.post(path, Map.of("outcome", "PASS", "faceMatchScore", -0.1)),
        "VALIDATION_FAILED",
        "faceMatchScore");
    Http.assertProblem(
        http.post("/api/v1/demo/liveness/" + "s".repeat(200), Map.of("outcome", "PASS")),
        404,
        "NOT_FOUND");
    verifyNoInteractions(captures);
    // the simulated provider does not know the session
    Http.assertProblem(http.post(path, Map.of("outcome", "PASS")), 404, "NOT_FOUND");
  }
}
