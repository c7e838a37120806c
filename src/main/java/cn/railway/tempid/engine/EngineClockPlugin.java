package cn.railway.tempid.engine;

import cn.railway.tempid.shared.time.AdjustableClock;
import java.time.Clock;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.joda.time.DateTimeUtils;
import org.springframework.stereotype.Component;

/**
 * Makes the engine read the application's one clock: Camunda's {@code ClockUtil} reads Joda's
 * current-millis provider, which is pointed at our {@link Clock} before the engine starts. When the
 * demo clock moves, the job executor is woken so that timers which became due fire within seconds
 * instead of at its next idle poll.
 */
@Component
class EngineClockPlugin extends AbstractProcessEnginePlugin {
  private final Clock clock;
  private volatile JobExecutor jobExecutor;

  EngineClockPlugin(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    DateTimeUtils.setCurrentMillisProvider(clock::millis);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    jobExecutor = configuration.getJobExecutor();
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    if (clock instanceof AdjustableClock adjustable) {
      adjustable.onMove(
          now -> {
            JobExecutor executor = jobExecutor;
            if (executor != null && executor.isActive()) {
              executor.jobWasAdded();
            }
          });
    }
  }
}
