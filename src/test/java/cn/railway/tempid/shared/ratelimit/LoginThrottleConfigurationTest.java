package cn.railway.tempid.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A login throttle that would not throttle (no wait, a wait shorter than its start, a missing
 * ceiling) refuses to start instead, naming the setting.
 */
class LoginThrottleConfigurationTest {
  private static final LimitsProperties.Window WINDOW =
      new LimitsProperties.Window(5, Duration.ofMinutes(15));

  private static LimitsProperties.LoginFailures failures(
      Duration base, Duration max, LimitsProperties.Window perUsername, Duration usernameMax) {
    return new LimitsProperties.LoginFailures(WINDOW, base, max, WINDOW, perUsername, usernameMax);
  }

  @Test
  void aThrottleThatWouldNotWait_refusesToStart() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(
            () -> new LoginThrottle(null, "login", failures(Duration.ZERO, second, WINDOW, second)))
        .hasMessageContaining("tempid.limits.login-failures.backoff-base");
    assertThatThrownBy(
            () ->
                new LoginThrottle(
                    null,
                    "operator-login",
                    failures(Duration.ofSeconds(2), second, WINDOW, Duration.ofSeconds(2))))
        .hasMessageContaining("tempid.limits.operator-login-failures.backoff-max");
    assertThatThrownBy(
            () ->
                new LoginThrottle(
                    null,
                    "login",
                    failures(Duration.ofSeconds(2), Duration.ofMinutes(15), WINDOW, second)))
        .hasMessageContaining("tempid.limits.login-failures.username-backoff-max");
    assertThatThrownBy(
            () -> new LoginThrottle(null, "login", failures(second, second, null, second)))
        .hasMessageContaining("tempid.limits.login-failures.per-username is not configured");
    assertThatThrownBy(() -> new LoginThrottle(null, "login", null))
        .hasMessageContaining("tempid.limits.login-failures is not configured");
  }
}
