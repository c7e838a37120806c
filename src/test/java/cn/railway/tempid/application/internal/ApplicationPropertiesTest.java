package cn.railway.tempid.application.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application feature's settings: today's keys and defaults, and nonsense refused at start. */
class ApplicationPropertiesTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(ApplicationConfiguration.class)
          .withPropertyValues(
              "tempid.liveness.max-attempts=3",
              "tempid.review.deadline=PT4H",
              "tempid.guests.applicant-token-ttl=PT48H");

  @Test
  void theKeysOfTheFeatureAreRead_andTheNoticeVersionAndIdempotencyTtlHaveTheirDefaults() {
    context.run(
        c -> {
          ApplicationProperties p = c.getBean(ApplicationProperties.class);
          assertThat(p.liveness().maxAttempts()).isEqualTo(3);
          assertThat(p.review().deadline()).isEqualTo(Duration.ofHours(4));
          assertThat(p.guests().applicantTokenTtl()).isEqualTo(Duration.ofHours(48));
          assertThat(p.consent().noticeVersion()).isEqualTo("2025-11");
          assertThat(p.idempotency().ttl()).isEqualTo(Duration.ofHours(24));
        });
  }

  @Test
  void givenValuesReplaceTheDefaults() {
    context
        .withPropertyValues("tempid.consent.notice-version=2026-01", "tempid.idempotency.ttl=PT2H")
        .run(
            c -> {
              ApplicationProperties p = c.getBean(ApplicationProperties.class);
              assertThat(p.consent().noticeVersion()).isEqualTo("2026-01");
              assertThat(p.idempotency().ttl()).isEqualTo(Duration.ofHours(2));
            });
  }

  @Test
  void noLivenessAttempt_refusesTheStart_namingTheKey() {
    context
        .withPropertyValues("tempid.liveness.max-attempts=0")
        .run(c -> assertThat(c).getFailure().rootCause().hasMessageContaining("max-attempts"));
  }

  @Test
  void aMissingReviewDeadline_refusesTheStart_namingTheKey() {
    new ApplicationContextRunner()
        .withUserConfiguration(ApplicationConfiguration.class)
        .withPropertyValues(
            "tempid.liveness.max-attempts=3", "tempid.guests.applicant-token-ttl=PT48H")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tempid.review.deadline"));
  }

  @Test
  void aNegativeIdempotencyTtl_refusesTheStart_namingTheKey() {
    context
        .withPropertyValues("tempid.idempotency.ttl=-PT1H")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tempid.idempotency.ttl"));
  }
}
