package cn.railway.tempid.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The engine feature's settings, bound from {@code tempid.*} (defaults in application.yml and here,
 * documented in docs/configuration.md). Camunda's own settings ({@code camunda.bpm.*}) are read
 * through Camunda's beans instead.
 *
 * @param health {@code tempid.health.*}: the background checks of the engine and its job executor
 * @param demo {@code tempid.demo.*}: whether the demo profile's operator joins the staff groups
 * @param engine {@code tempid.engine.*}: the start-up check of running process versions
 */
@ConfigurationProperties(prefix = "tempid")
record EngineProperties(Health health, Demo demo, Engine engine) {

  EngineProperties {
    health = health == null ? new Health(null, null, null) : health;
    demo = demo == null ? new Demo(null) : demo;
    engine = engine == null ? new Engine(null) : engine;
  }

  /**
   * @param engineInterval how often {@code processEngine} is checked in the background (2s)
   * @param jobExecutorInterval how often {@code jobExecutor} is checked in the background (5s)
   * @param engineTimeout the longest either check may run before it counts as DOWN (5s)
   */
  record Health(Duration engineInterval, Duration jobExecutorInterval, Duration engineTimeout) {
    Health {
      engineInterval = engineInterval == null ? Duration.ofSeconds(2) : engineInterval;
      jobExecutorInterval =
          jobExecutorInterval == null ? Duration.ofSeconds(5) : jobExecutorInterval;
      engineTimeout = engineTimeout == null ? Duration.ofSeconds(5) : engineTimeout;
      positive(engineInterval, "tempid.health.engine-interval");
      positive(jobExecutorInterval, "tempid.health.job-executor-interval");
      positive(engineTimeout, "tempid.health.engine-timeout");
    }

    private static void positive(Duration value, String key) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalStateException(key + " must be longer than zero");
      }
    }
  }

  /**
   * @param enabled the demo profile is on (false unless set): its operator ({@code
   *     camunda.bpm.admin-user.id}) is put into the reviewers and analysts
   */
  record Demo(Boolean enabled) {
    Demo {
      enabled = enabled != null && enabled;
    }
  }

  /**
   * @param runningVersionsCheck {@code refuse} (the default: a release that cannot serve the
   *     running process versions fails its start) or {@code warn} (it only logs what is missing)
   */
  record Engine(String runningVersionsCheck) {
    Engine {
      runningVersionsCheck = runningVersionsCheck == null ? "refuse" : runningVersionsCheck;
      if (!runningVersionsCheck.equals("refuse") && !runningVersionsCheck.equals("warn")) {
        throw new IllegalStateException(
            "tempid.engine.running-versions-check is 'refuse' or 'warn', not '"
                + runningVersionsCheck
                + "'");
      }
    }

    /** A release that cannot serve the running versions fails its start. */
    boolean refuses() {
      return runningVersionsCheck.equals("refuse");
    }
  }
}
