package cn.railway.tempid.retention;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * A clustered Quartz job that purges the personal data of finished cases past the retention period,
 * hourly, on one node. Quartz only polls; what is due is decided by the one clock, so moving the
 * demo clock past the retention period makes cases due.
 */
@DisallowConcurrentExecution
public class RetentionPurgeJob extends QuartzJobBean {
  private static final Logger log = LoggerFactory.getLogger(RetentionPurgeJob.class);

  private final PersonalDataPurge purge;

  /** Created by Spring's job factory, which injects the constructor's arguments. */
  public RetentionPurgeJob(PersonalDataPurge purge) {
    this.purge = purge;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    PersonalDataPurge.Purged purged = purge.purgeDue();
    if (purged.any()) {
      log.info(
          "Retention: personal data purged from {} applications and {} certificates",
          purged.applications(),
          purged.certificates());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Schedule {
    @Bean
    JobDetail retentionPurgeJob() {
      return JobBuilder.newJob(RetentionPurgeJob.class)
          .withIdentity("retention-purge", "housekeeping")
          .withDescription("Purge personal data of cases past the retention period")
          .storeDurably()
          .build();
    }

    @Bean
    Trigger retentionPurgeTrigger() {
      return TriggerBuilder.newTrigger()
          .forJob("retention-purge", "housekeeping")
          .withIdentity("retention-purge", "housekeeping")
          .withSchedule(
              SimpleScheduleBuilder.repeatHourlyForever()
                  .withMisfireHandlingInstructionNextWithRemainingCount())
          .build();
    }
  }
}
