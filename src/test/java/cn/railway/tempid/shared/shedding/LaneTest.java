package cn.railway.tempid.shared.shedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Which requests are shed first, and the start-up check that keeps the job executor's share. */
class LaneTest {

  @Test
  void workThatFinishesJourneys_isItsOwnLane_pollsAndNewWorkTheirs_healthAndPagesNone() {
    assertThat(Lane.of("POST", "/api/v1/liveness/callback")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("POST", "/api/v1/demo/liveness/abc")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("POST", "/api/v1/verifications")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("POST", "/api/v1/verifications/offline")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("POST", "/api/v1/reviews/t1")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("POST", "/api/v1/applications/a1/liveness-sessions"))
        .isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("GET", "/engine-rest/task")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("GET", "/api/v1/certificates/c1/qr")).isEqualTo(Lane.FINISHING);
    assertThat(Lane.of("GET", "/api/v1/certificates/c1")).isEqualTo(Lane.POLL);
    assertThat(Lane.of("POST", "/api/v1/applications")).isEqualTo(Lane.NEW_WORK);
    assertThat(Lane.of("POST", "/api/v1/certificates/lookup")).isEqualTo(Lane.NEW_WORK);
    assertThat(Lane.of("GET", "/api/v1/applications/a1")).isEqualTo(Lane.POLL);
    assertThat(Lane.of("GET", "/api/v1/me/applications")).isEqualTo(Lane.POLL);
    assertThat(Lane.of("GET", "/actuator/health/liveness")).isNull();
    assertThat(Lane.of("GET", "/actuator/health")).isNull();
    assertThat(Lane.of("GET", "/checkpoint")).isNull();
    assertThat(Lane.of("GET", "/camunda/app/tasklist/default/")).isNull();
    assertThat(Lane.of("OPTIONS", "/api/v1/applications")).isNull();
  }

  @Test
  void theCeiling_leavesTheJobExecutorItsConnections_orTheStartIsRefused() {
    // 32 connections, 8 job threads + acquisition, 6 reserved: 17 for HTTP requests
    assertThat(SheddingConfiguration.ceiling(32, 9, 6, null, 200)).isEqualTo(17);
    assertThat(SheddingConfiguration.ceiling(32, 9, 6, 10, 200)).isEqualTo(10);
    assertThatThrownBy(() -> SheddingConfiguration.ceiling(32, 9, 6, 18, 200))
        .hasMessageContaining("max-concurrency 18");
    assertThatThrownBy(() -> SheddingConfiguration.ceiling(10, 9, 6, null, 200))
        .hasMessageContaining("Enlarge the pool");
    assertThatThrownBy(() -> SheddingConfiguration.ceiling(32, 9, 6, null, 17))
        .hasMessageContaining("server.tomcat.threads.max");
  }

  @Test
  void theJobExecutorHoldsAConnectionPerThreadAndOneForItsAcquisition_noneWhenOff() {
    ThreadPoolTaskExecutor jobThreads = new ThreadPoolTaskExecutor();
    jobThreads.setMaxPoolSize(8);
    assertThat(SheddingConfiguration.jobConnections(jobThreads)).isEqualTo(9);
    assertThat(SheddingConfiguration.jobConnections(null)).isZero();
  }
}
