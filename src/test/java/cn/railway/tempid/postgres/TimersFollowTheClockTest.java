package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the job executor on (as in production), a move of the demo clock makes due timers fire
 * within seconds: the engine reads the one clock, and a move wakes the job executor.
 */
@PostgresTest
class TimersFollowTheClockTest {
  @LocalServerPort int port;

  @Test
  void livenessLeftUnfinished_applicationAbandonedSoonAfterTheClockPassesTenMinutes() {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("赵六", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("赵六", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");

    api.advanceClock(Duration.ofMinutes(11));

    HttpApi.Answer polled = api.awaitStatus(id, token, Duration.ofSeconds(15), "ABANDONED");
    assertThat(polled.text("reasonCode")).isEqualTo("LIVENESS_TIMEOUT");
    assertThat(polled.body().path("quota").path("used").asInt())
        .as("the abandoned application's quota is released")
        .isZero();
  }
}
