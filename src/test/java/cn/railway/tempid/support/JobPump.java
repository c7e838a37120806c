package cn.railway.tempid.support;

import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;

/**
 * The job executor, for tests whose actions come from a browser (the test profile turns the real
 * one off): every 200 ms it runs the due jobs of process instances started since it was created, so
 * other tests' leftovers stay untouched.
 */
public final class JobPump implements AutoCloseable {
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

  public JobPump(ManagementService management, HistoryService history, Date startedAfter) {
    thread.scheduleWithFixedDelay(
        () -> {
          try {
            for (HistoricProcessInstance instance :
                history
                    .createHistoricProcessInstanceQuery()
                    .startedAfter(startedAfter)
                    .unfinished()
                    .list()) {
              for (Job job :
                  management
                      .createJobQuery()
                      .processInstanceId(instance.getId())
                      .executable()
                      .list()) {
                try {
                  management.executeJob(job.getId());
                } catch (RuntimeException failedJob) {
                  // as the job executor: the engine records the failure and retries
                }
              }
            }
          } catch (RuntimeException e) {
            // keep pumping
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
