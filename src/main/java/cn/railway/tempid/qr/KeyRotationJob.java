package cn.railway.tempid.qr;

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
 * A clustered Quartz job that checks every minute whether the signing key is due for rotation.
 * Quartz only polls; whether a rotation is due is decided by the one clock every rule reads, so
 * moving the demo clock a day forward rotates the key too.
 */
@DisallowConcurrentExecution
public class KeyRotationJob extends QuartzJobBean {
  private static final Logger log = LoggerFactory.getLogger(KeyRotationJob.class);

  private final SigningKeys signingKeys;

  /** Created by Spring's job factory, which injects the constructor's arguments. */
  public KeyRotationJob(SigningKeys signingKeys) {
    this.signingKeys = signingKeys;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    if (signingKeys.rotateIfDue()) {
      log.info("QR frame signing key rotated");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Schedule {
    @Bean
    JobDetail keyRotationJob() {
      return JobBuilder.newJob(KeyRotationJob.class)
          .withIdentity("key-rotation", "housekeeping")
          .withDescription("Rotate the QR frame signing key when due")
          .storeDurably()
          .build();
    }

    @Bean
    Trigger keyRotationTrigger(JobDetail keyRotationJob) {
      return TriggerBuilder.newTrigger()
          .forJob(keyRotationJob)
          .withIdentity("key-rotation", "housekeeping")
          .withSchedule(
              SimpleScheduleBuilder.repeatMinutelyForever()
                  .withMisfireHandlingInstructionNextWithRemainingCount())
          .build();
    }
  }
}
