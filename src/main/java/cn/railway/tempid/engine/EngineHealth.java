package cn.railway.tempid.engine;

import cn.railway.tempid.shared.observability.BackgroundHealth;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the process engine and its job executor, as components {@code processEngine} and {@code
 * jobExecutor} of {@code /actuator/health} (the database is {@code db}, shared.observability). They
 * replace Camunda's own indicators ({@code management.health.camunda.enabled: false}): the engine
 * one queries the database, and a job executor switched off on purpose is not a failure.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineProperties.class)
class EngineHealth {

  /**
   * UP when the engine answers a cheap query (its property table: a handful of rows). Checked in
   * the background: a health request answers the last result at once.
   */
  @Bean
  BackgroundHealth processEngineHealthIndicator(ProcessEngine engine, EngineProperties properties) {
    EngineProperties.Health health = properties.health();
    return new BackgroundHealth(
        "processEngine",
        processEngineCheck(engine),
        health.engineInterval(),
        health.engineTimeout());
  }

  private static HealthIndicator processEngineCheck(ProcessEngine engine) {
    return new AbstractHealthIndicator("Process engine not reachable") {
      @Override
      protected void doHealthCheck(Health.Builder health) {
        String schemaVersion = engine.getManagementService().getProperties().get("schema.version");
        health
            .up()
            .withDetail("name", engine.getName())
            .withDetail("schemaVersion", schemaVersion == null ? "unknown" : schemaVersion);
      }
    };
  }

  /**
   * DOWN only when the job executor is enabled but not running (timers and async steps would
   * stall); with the backlog: jobs due and failed jobs (incidents).
   */
  @Bean
  BackgroundHealth jobExecutorHealthIndicator(
      ProcessEngine engine,
      JobBacklog backlog,
      ObjectProvider<JobExecutor> jobExecutors,
      EngineProperties properties) {
    // enabled as camunda.bpm.job-execution.enabled says (true when absent): the job executor bean
    // exists exactly then (JobExecutorConfiguration)
    boolean enabled = jobExecutors.getIfAvailable() != null;
    EngineProperties.Health health = properties.health();
    return new BackgroundHealth(
        "jobExecutor",
        jobExecutorCheck(engine, backlog, enabled),
        health.jobExecutorInterval(),
        health.engineTimeout());
  }

  private static HealthIndicator jobExecutorCheck(
      ProcessEngine engine, JobBacklog backlog, boolean enabled) {
    return new AbstractHealthIndicator("Job executor check failed") {
      @Override
      protected void doHealthCheck(Health.Builder health) {
        JobExecutor executor =
            ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getJobExecutor();
        boolean active = executor != null && executor.isActive();
        JobBacklog.Counts counts = backlog.counts();
        (enabled && !active ? health.down() : health.up())
            .withDetail("enabled", enabled)
            .withDetail("active", active)
            .withDetail("executableJobs", counts.executable())
            .withDetail("failedJobs", counts.failed());
        if (executor != null) {
          health.withDetail("maxJobsPerAcquisition", executor.getMaxJobsPerAcquisition());
        }
      }
    };
  }
}
