package cn.railway.tempid.support;

import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Runs the engine's due jobs (async continuations, due timers) in the test thread, as the job
 * executor would, until none is due. Due means due by the one clock, which tests move.
 */
@Component
public class Jobs {
  private final ManagementService management;
  private final RuntimeService runtime;

  public Jobs(ManagementService management, RuntimeService runtime) {
    this.management = management;
    this.runtime = runtime;
  }

  /** Executes due jobs of the process instance with this business key until none is due. */
  public void runDue(String businessKey) {
    for (int round = 0; round < 50; round++) {
      ProcessInstance instance =
          runtime
              .createProcessInstanceQuery()
              .processInstanceBusinessKey(businessKey)
              .singleResult();
      if (instance == null) {
        return;
      }
      List<Job> due =
          management.createJobQuery().processInstanceId(instance.getId()).executable().list();
      if (due.isEmpty()) {
        return;
      }
      due.forEach(job -> management.executeJob(job.getId()));
    }
    throw new IllegalStateException("jobs keep becoming due: a loop in the process?");
  }
}
