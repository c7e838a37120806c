package cn.railway.tempid.rules.camunda;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The decision rules' settings, bound from {@code tempid.*} (defaults in application.yml and here,
 * documented in docs/configuration.md).
 *
 * @param retention {@code tempid.retention.*}: how long the inputs of a decision are kept
 * @param decisions {@code tempid.decisions.*}: the analysts' replay
 */
@ConfigurationProperties(prefix = "tempid")
record RulesProperties(Retention retention, Decisions decisions) {

  RulesProperties {
    retention = retention == null ? new Retention(null) : retention;
    decisions = decisions == null ? new Decisions(null) : decisions;
  }

  /**
   * @param decisionInputs the inputs recorded with each decision are cleared after this (P30D); the
   *     replay covers the same period
   */
  record Retention(Duration decisionInputs) {
    Retention {
      decisionInputs = decisionInputs == null ? Duration.ofDays(30) : decisionInputs;
      if (decisionInputs.isNegative() || decisionInputs.isZero()) {
        throw new IllegalStateException(
            "tempid.retention.decision-inputs must be longer than zero");
      }
    }
  }

  /**
   * @param replayThreads the threads that evaluate a candidate table against the recorded inputs
   *     (2; fewer than 1 counts as 1)
   */
  record Decisions(Integer replayThreads) {
    Decisions {
      replayThreads = replayThreads == null ? 2 : Math.max(1, replayThreads);
    }
  }
}
