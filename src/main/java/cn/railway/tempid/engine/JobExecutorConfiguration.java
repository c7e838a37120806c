package cn.railway.tempid.engine;

import java.util.Optional;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/**
 * The job executor: Camunda's Spring Boot starter builds the same one from {@code
 * camunda.bpm.job-execution} (and steps back when a bean of this type exists), only with fewer
 * empty acquisitions ({@link HintedJobExecutor}). Off with {@code
 * camunda.bpm.job-execution.enabled=false}, as before.
 */
@Configuration(proxyBeanMethods = false)
class JobExecutorConfiguration {

  @Bean
  @ConditionalOnProperty(
      prefix = "camunda.bpm.job-execution",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  static JobExecutor jobExecutor(
      @Qualifier("camundaTaskExecutor") TaskExecutor taskExecutor,
      CamundaBpmProperties properties) {
    HintedJobExecutor executor = new HintedJobExecutor();
    executor.setTaskExecutor(taskExecutor);
    executor.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
    JobExecutionProperty p = properties.getJobExecution();
    Optional.ofNullable(p.getLockTimeInMillis()).ifPresent(executor::setLockTimeInMillis);
    Optional.ofNullable(p.getMaxJobsPerAcquisition()).ifPresent(executor::setMaxJobsPerAcquisition);
    Optional.ofNullable(p.getWaitTimeInMillis()).ifPresent(executor::setWaitTimeInMillis);
    Optional.ofNullable(p.getMaxWait()).ifPresent(executor::setMaxWait);
    Optional.ofNullable(p.getBackoffTimeInMillis()).ifPresent(executor::setBackoffTimeInMillis);
    Optional.ofNullable(p.getMaxBackoff()).ifPresent(executor::setMaxBackoff);
    Optional.ofNullable(p.getBackoffDecreaseThreshold())
        .ifPresent(executor::setBackoffDecreaseThreshold);
    Optional.ofNullable(p.getWaitIncreaseFactor()).ifPresent(executor::setWaitIncreaseFactor);
    return executor;
  }
}
