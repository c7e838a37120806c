package cn.railway.tempid.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.ProcessEngineLogger;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobsRunnable;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorLogger;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;

/**
 * Camunda's Spring job executor without the acquisitions that cannot find anything. Camunda wakes
 * its acquisition thread for every new job (the hint at the commit that created it) and again
 * whenever a batch of jobs has finished, and after a cycle woken by a hint it acquires once more
 * straight away. Only the first of those finds work when jobs arrive one at a time: a journey's
 * liveness callback cost four acquisitions, each a committed transaction, one of which found its
 * job (docs/performance.md, "Fifth round").
 *
 * <p>Here a cycle is followed at once by another only when a hint arrived after it had begun (a job
 * its query may have missed), and a finished batch wakes the acquisition only when hints arrived
 * after its jobs were acquired (only then can a job have been passed over because its process
 * instance was locked by this batch, exclusive jobs: it is acquired as soon as the batch is done,
 * as in Camunda) or while the job threads' queue was full (a timer drain: the jobs turned away are
 * taken as soon as there is room, as in Camunda). Everything else (what a cycle acquires, back-off,
 * idle waits, the rejected jobs) is Camunda's own.
 */
class HintedJobExecutor extends SpringJobExecutor {
  private static final JobExecutorLogger LOG = ProcessEngineLogger.JOB_EXECUTOR_LOGGER;

  /** Marks a batch that must wake the acquisition when it is done, whatever the hints. */
  static final long ALWAYS_WAKE = Long.MIN_VALUE;

  private volatile HintedAcquisition acquisition;

  @Override
  protected void ensureInitialization() {
    super.ensureInitialization();
    acquisition = new HintedAcquisition(this);
    acquireJobsRunnable = acquisition;
  }

  @Override
  public Runnable getExecuteJobsRunnable(List<String> jobIds, ProcessEngineImpl processEngine) {
    HintedAcquisition current = acquisition;
    long mark = current == null ? ALWAYS_WAKE : current.markOfSubmission();
    return new Batch(jobIds, processEngine, mark);
  }

  static final class HintedAcquisition extends SequentialJobAcquisitionRunnable {
    private final AtomicLong hints = new AtomicLong();
    // written and read by the acquisition thread only (a batch copies it when it is created)
    private long hintsAtCycleStart;
    private long markOfSubmission = ALWAYS_WAKE;
    // whether the last cycle's jobs found the job threads' queue full (read by the job threads)
    private volatile boolean saturated;

    HintedAcquisition(HintedJobExecutor jobExecutor) {
      super(jobExecutor);
    }

    @Override
    public void jobWasAdded() {
      hints.incrementAndGet();
      super.jobWasAdded();
    }

    /** Wakes the acquisition for a job a batch may have kept from it; not a hint of a new job. */
    void wakeAfterBatch() {
      super.jobWasAdded();
    }

    /**
     * Whether a finished batch wakes the acquisition: when hints arrived after it was acquired,
     * and, as in Camunda, while the job threads' queue was full at the last cycle (a batch done
     * makes room for the jobs that were turned away).
     */
    boolean wakeAfter(long mark) {
      return mark == ALWAYS_WAKE || hints.get() != mark || saturated;
    }

    long markOfSubmission() {
      return markOfSubmission;
    }

    @Override
    protected AcquiredJobs acquireJobs(
        JobAcquisitionContext context,
        JobAcquisitionStrategy strategy,
        ProcessEngineImpl processEngine) {
      if (context.getAcquiredJobsByEngine().isEmpty()) {
        // the first engine of this cycle: hints from now on may be for jobs its query misses
        hintsAtCycleStart = hints.get();
      }
      return super.acquireJobs(context, strategy, processEngine);
    }

    @Override
    protected void executeJobs(
        JobAcquisitionContext context, ProcessEngineImpl processEngine, AcquiredJobs acquired) {
      // batches acquired in an earlier cycle (rejected then, submitted again now) were locked
      // before this cycle's mark: they wake the acquisition when done, as in Camunda
      List<List<String>> resubmitted =
          context.getAdditionalJobsByEngine().get(processEngine.getName());
      if (resubmitted != null) {
        markOfSubmission = ALWAYS_WAKE;
        for (List<String> batch : resubmitted) {
          LOG.executeJobs(processEngine.getName(), batch);
          jobExecutor.executeJobs(batch, processEngine);
        }
      }
      markOfSubmission = hintsAtCycleStart;
      try {
        for (List<String> batch : acquired.getJobIdBatches()) {
          LOG.executeJobs(processEngine.getName(), batch);
          jobExecutor.executeJobs(batch, processEngine);
        }
      } finally {
        markOfSubmission = ALWAYS_WAKE;
      }
    }

    @Override
    protected void configureNextAcquisitionCycle(
        JobAcquisitionContext context, JobAcquisitionStrategy strategy) {
      // Camunda: "a job was added" whenever a hint arrived since the last cycle, including the
      // hint that started this one (whose job this cycle's query has just found)
      context.setJobAdded(hints.get() != hintsAtCycleStart);
      saturated = context.getRejectedJobsByEngine().values().stream().anyMatch(r -> !r.isEmpty());
      super.configureNextAcquisitionCycle(context, strategy);
    }
  }

  /**
   * Camunda calls {@code jobWasAdded()} for every hint of a new job, and once more at the end of
   * every batch; the latter wakes the acquisition only when hints arrived after the batch was
   * acquired or the job threads were saturated ({@link HintedAcquisition#wakeAfter}).
   */
  @Override
  public void jobWasAdded() {
    Batch batch = Batch.RUNNING.get();
    HintedAcquisition current = acquisition;
    if (batch == null || batch.inJob || current == null) {
      super.jobWasAdded(); // a hint: a job committed, the clock moved
    } else if (isActive && current.wakeAfter(batch.mark)) {
      current.wakeAfterBatch();
    }
  }

  /**
   * Camunda's {@link ExecuteJobsRunnable} (the batch's jobs, then the exclusive jobs they add to
   * their own process instance), remembering which hints it was acquired after.
   */
  static final class Batch extends ExecuteJobsRunnable {
    static final ThreadLocal<Batch> RUNNING = new ThreadLocal<>();
    final long mark;
    // read and written on the batch's own thread only
    boolean inJob;

    Batch(List<String> jobIds, ProcessEngineImpl processEngine, long mark) {
      super(jobIds, processEngine);
      this.mark = mark;
    }

    @Override
    public void run() {
      RUNNING.set(this);
      try {
        super.run();
      } finally {
        RUNNING.remove();
      }
    }

    @Override
    protected void executeJob(
        String jobId, CommandExecutor commandExecutor, JobFailureCollector failures) {
      // hints from the job's own commit (a job of another process instance, a due timer) are
      // hints like any other
      inJob = true;
      try {
        super.executeJob(jobId, commandExecutor, failures);
      } finally {
        inJob = false;
      }
    }
  }
}
