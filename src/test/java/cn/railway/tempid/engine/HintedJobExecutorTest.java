package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.engine.management.Metrics;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor against a real engine (H2 in memory, job executor on, idle wait one minute so
 * that only a wake-up can explain a prompt job): every acquisition is a committed transaction, so
 * the count of acquisitions per journey is the count of commits the database pays for it.
 */
class HintedJobExecutorTest {
  private static final Duration IDLE_WAIT = Duration.ofMinutes(1);

  private ProcessEngine engine;
  private ThreadPoolTaskExecutor threads;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (threads != null) {
      threads.shutdown();
    }
  }

  /** Three asynchronous steps in a row: a chain of jobs, each started by the one before. */
  private static final BpmnModelInstance CHAIN =
      Bpmn.createExecutableProcess("chain")
          .camundaHistoryTimeToLive(1)
          .startEvent()
          .serviceTask("fetch")
          .camundaAsyncBefore()
          .camundaExpression("${true}")
          .serviceTask("decide")
          .camundaAsyncBefore()
          .camundaExpression("${true}")
          .serviceTask("issue")
          .camundaAsyncBefore()
          .camundaExpression("${true}")
          .endEvent()
          .done();

  @Test
  void aJobStartedByARequestCostsOneAcquisitionNotFour() {
    int journeys = 5;
    long stock = acquisitionsFor(stockExecutor(), journeys);
    long hinted = acquisitionsFor(hintedExecutor(), journeys);

    // Camunda's own: the cycle that finds the job, one more at once because a job "was added",
    // and two when the batch ends (its wake-up, and again because that was a "job added" too)
    assertThat(stock)
        .as("Camunda's acquisitions for %d journeys", journeys)
        .isGreaterThan(3L * journeys);
    // here: the cycle that finds the job
    assertThat(hinted).as("acquisitions for %d journeys", journeys).isEqualTo(journeys);
  }

  private long acquisitionsFor(SpringJobExecutor executor, int journeys) {
    start(executor, Map.of());
    engine.getRepositoryService().createDeployment().addModelInstance("chain.bpmn", CHAIN).deploy();
    waitFor(() -> attempts() >= 1); // the cycle at start-up
    long before = attempts();
    for (int i = 0; i < journeys; i++) {
      engine.getRuntimeService().startProcessInstanceByKey("chain");
      waitFor(this::noInstances);
      // let the acquisition settle (its follow-up cycles, then the idle wait) before the next
      waitFor(this::executorIdle);
    }
    long count = attempts() - before;
    close();
    engine = null;
    threads = null;
    return count;
  }

  @Test
  void aJobKeptBackByItsLockedProcessInstanceRunsAsSoonAsTheBatchEnds() throws Exception {
    // one branch works in a job (its process instance is locked meanwhile), the other gets a
    // message from a request: its job cannot be acquired until the first job is done
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch working = new CountDownLatch(1);
    JavaDelegate slow =
        execution -> {
          working.countDown();
          assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        };
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("kept-back")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .parallelGateway("fork")
            .serviceTask("slow")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${slow}")
            // (a wait state after it: the branch stays, so the two jobs never change the same row)
            .userTask("review")
            .endEvent("reviewed")
            .moveToNode("fork")
            .intermediateCatchEvent("go")
            .message("go")
            .serviceTask("after")
            .camundaAsyncBefore()
            .camundaExpression("${true}")
            .endEvent("afterDone")
            .done();
    start(hintedExecutor(), Map.of("slow", slow));
    engine.getRepositoryService().createDeployment().addModelInstance("kept.bpmn", model).deploy();

    String instance = engine.getRuntimeService().startProcessInstanceByKey("kept-back").getId();
    assertThat(working.await(10, TimeUnit.SECONDS)).as("the slow job runs").isTrue();
    long attemptsBefore = attempts();
    engine
        .getRuntimeService()
        .createMessageCorrelation("go")
        .processInstanceId(instance)
        .correlate();
    // the acquisition woken by the message's job has run, and passed the job over
    waitFor(() -> attempts() > attemptsBefore);
    assertThat(engine.getManagementService().createJobQuery().activityId("after").count()).isOne();

    long released = System.nanoTime();
    release.countDown();
    waitFor(() -> engine.getManagementService().createJobQuery().count() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - released))
        .as("the kept-back job ran when the batch ended, not at the next idle poll")
        .isLessThan(IDLE_WAIT.dividedBy(4));
  }

  private SpringJobExecutor stockExecutor() {
    return configure(new SpringJobExecutor());
  }

  private SpringJobExecutor hintedExecutor() {
    return configure(new HintedJobExecutor());
  }

  private SpringJobExecutor configure(SpringJobExecutor executor) {
    threads = new ThreadPoolTaskExecutor();
    threads.setCorePoolSize(4);
    threads.setMaxPoolSize(4);
    threads.setQueueCapacity(16);
    threads.initialize();
    executor.setTaskExecutor(threads);
    executor.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
    executor.setWaitTimeInMillis((int) IDLE_WAIT.toMillis());
    executor.setMaxWait(IDLE_WAIT.toMillis());
    executor.setMaxJobsPerAcquisition(16);
    return executor;
  }

  private void start(SpringJobExecutor executor, Map<Object, Object> beans) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl)
            new StandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName("hinted-" + System.nanoTime())
                .setJdbcUrl("jdbc:h2:mem:hinted-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setJobExecutorActivate(true);
    configuration.setJobExecutor(executor);
    configuration.setMetricsEnabled(true);
    configuration.setDbMetricsReporterActivate(false);
    configuration.setBeans(beans);
    engine = configuration.buildProcessEngine();
  }

  private long attempts() {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getMetricsRegistry()
        .getDbMeterByName(Metrics.JOB_ACQUISITION_ATTEMPT)
        .get();
  }

  private boolean noInstances() {
    return engine.getRuntimeService().createProcessInstanceQuery().count() == 0;
  }

  private boolean executorIdle() {
    long a = attempts();
    sleep(300);
    return threads.getActiveCount() == 0 && attempts() == a;
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
