package cn.railway.tempid.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.repository.DeploymentBuilder;

/**
 * The ceiling the service is measured against: Camunda 7 alone, in this JVM, running the very
 * {@code processes/*.bpmn} and {@code dmn/*.dmn} files the service deploys, on the same PostgreSQL
 * server (a database of its own), at the same history level (FULL) and with the same job executor
 * settings as the service. No HTTP, no domain tables: the delegates are trivial stand-ins that
 * evaluate the same DMN tables in memory (as the service's rules port does) and start the
 * certificate process where the service issues a certificate.
 *
 * <p>One journey = start {@code temporary-id-application} (pre-checks run in the starting
 * transaction, it then waits for the liveness message), correlate {@code LivenessCompleted}, and
 * let the job executor run the asynchronous continuations the BPMN has to the end (whatever it has:
 * the file is read as it is; since issue 22 an auto-approved journey has one, before the fetch of
 * the result, which runs the registry lookup, the decision and the issue in the same job; ADR
 * 0010). {@code clients} journeys are kept in flight (a closed loop with no think time).
 */
final class BareEngineCeiling implements AutoCloseable {
  static final String APPLICATION = "temporary-id-application";
  static final String CERTIFICATE = "temporary-id-certificate";

  record Result(int journeys, double seconds, double journeysPerSecond, int clients) {}

  private final ProcessEngine engine;
  private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger ended = new AtomicInteger();
  private volatile Semaphore permits = new Semaphore(0);
  private final boolean synchronous;

  BareEngineCeiling(
      String jdbcUrl, String user, String password, JobExecutorSettings jobs, Path projectDir) {
    this(jdbcUrl, user, password, jobs, projectDir, false);
  }

  /**
   * With {@code synchronous}, the second ceiling (issue 22): the same journey-shaped processes with
   * every {@code camunda:asyncBefore}/{@code asyncAfter} removed at deployment, so that a journey
   * waits only where a provider is called (the liveness message): the correlating transaction runs
   * the fetch of the result, the registry, the approval and the issuing to the end, no job executor
   * in between. It measures what the engine costs without the continuations' jobs.
   */
  BareEngineCeiling(
      String jdbcUrl,
      String user,
      String password,
      JobExecutorSettings jobs,
      Path projectDir,
      boolean synchronous) {
    this.synchronous = synchronous;
    DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    Map<String, DmnDecision> tables = new HashMap<>();
    Map<String, String> decisionIds =
        Map.of(
            "eligibility", "eligibility",
            "service-area", "serviceArea",
            "quota", "quota",
            "approval", "approval");
    for (Map.Entry<String, String> file : decisionIds.entrySet()) {
      String key = file.getKey();
      try (InputStream in = Files.newInputStream(projectDir.resolve("dmn/" + key + ".dmn"))) {
        tables.put(key, dmn.parseDecision(file.getValue(), in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, Object> beans = new HashMap<>();
    beans.put(
        "checkServiceAreaDelegate",
        decide(
            dmn,
            tables.get("service-area"),
            Map.of("mainland", true, "province", "北京市", "city", "北京市")));
    Map<String, Object> eligibilityInputs = new HashMap<>();
    eligibilityInputs.put("idType", "RESIDENT_ID_CARD");
    eligibilityInputs.put("idNumberFamily", "RESIDENT");
    eligibilityInputs.put("age", 35);
    eligibilityInputs.put("guardianConsent", false);
    eligibilityInputs.put("guardianAge", null);
    beans.put(
        "checkEligibilityDelegate",
        (JavaDelegate)
            execution -> {
              // as the service's delegate: the table's guardianRequired becomes the variable the
              // guardian gateway reads (an adult: false)
              Object guardianRequired =
                  dmn.evaluateDecision(tables.get("eligibility"), new HashMap<>(eligibilityInputs))
                      .getSingleResult()
                      .getEntryMap()
                      .get("guardianRequired");
              execution.setVariable("guardianRequired", Boolean.TRUE.equals(guardianRequired));
            });
    beans.put(
        "reserveQuotaDelegate",
        decide(
            dmn,
            tables.get("quota"),
            Map.of("activeCertificate", false, "renewalWindowOpen", false, "usedThisMonth", 0)));
    beans.put("startLivenessSessionDelegate", (JavaDelegate) execution -> {});
    beans.put(
        "fetchLivenessResultDelegate",
        (JavaDelegate)
            execution -> {
              execution.setVariable("livenessOutcome", "PASSED");
              execution.setVariable("livenessAttemptsLeft", 2);
            });
    beans.put("lookUpRegistryDelegate", (JavaDelegate) execution -> {});
    Map<String, Object> approvalInputs = new HashMap<>();
    approvalInputs.put("registryResult", "MATCH");
    approvalInputs.put("deceased", false);
    approvalInputs.put("reportedFraud", false);
    approvalInputs.put("livenessScore", 0.95);
    approvalInputs.put("faceMatchScore", 0.95);
    beans.put(
        "decideApprovalDelegate",
        (JavaDelegate)
            execution -> {
              Map<String, Object> out =
                  dmn.evaluateDecision(tables.get("approval"), new HashMap<>(approvalInputs))
                      .getSingleResult()
                      .getEntryMap();
              execution.setVariable("approvalDecision", out.get("decision"));
              if (!"APPROVE".equals(out.get("decision"))) {
                // as the service: the reason only where a path reads it
                execution.setVariable("approvalReasonCode", out.get("reasonCode"));
              }
            });
    beans.put(
        "issueCertificateDelegate",
        (JavaDelegate)
            execution -> {
              long now = System.currentTimeMillis();
              String certificateId = UUID.randomUUID().toString();
              execution
                  .getProcessEngineServices()
                  .getRuntimeService()
                  .startProcessInstanceByKey(
                      CERTIFICATE,
                      certificateId,
                      Map.of(
                          "certificateId", certificateId,
                          "renewalOpensAt", new java.util.Date(now + 21 * 3_600_000L),
                          "expiresAt", new java.util.Date(now + 24 * 3_600_000L)));
            });
    beans.put("escalateReviewDelegate", (JavaDelegate) execution -> {});
    for (String name :
        List.of(
            "openRenewalWindowDelegate",
            "expireCertificateDelegate",
            "endViewSessionsDelegate",
            "lockViewSessionDelegate",
            "startGuardianLivenessSessionDelegate",
            "checkGuardianLivenessDelegate",
            "lookUpGuardianInRegistryDelegate")) {
      beans.put(name, (JavaDelegate) execution -> {});
    }
    beans.put("applicationOutcomes", new Outcomes(this));

    StandaloneProcessEngineConfiguration configuration =
        (StandaloneProcessEngineConfiguration)
            ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
    configuration
        .setProcessEngineName(synchronous ? "bare-engine-ceiling-sync" : "bare-engine-ceiling")
        .setJdbcUrl(jdbcUrl)
        .setJdbcUsername(user)
        .setJdbcPassword(password)
        .setJdbcDriver("org.postgresql.Driver")
        // without continuations every journey in flight holds a connection in its starter thread
        .setJdbcMaxActiveConnections(jobs.maxPoolSize() + (synchronous ? 80 : 40))
        .setJdbcMaxIdleConnections(jobs.maxPoolSize() + (synchronous ? 80 : 40))
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
        .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
        .setJobExecutorActivate(true);
    configuration.setHistoryLevel(HistoryLevel.HISTORY_LEVEL_FULL);
    configuration.setIdGenerator(new StrongUuidGenerator());
    configuration.setBeans(new HashMap<Object, Object>(beans));
    configuration.setEnforceHistoryTimeToLive(false);
    configuration.setHistoryRemovalTimeStrategy(jobs.historyRemovalTimeStrategy());
    configuration.setMetricsEnabled(true);
    DefaultJobExecutor executor = new DefaultJobExecutor();
    executor.setCorePoolSize(jobs.corePoolSize());
    executor.setMaxPoolSize(jobs.maxPoolSize());
    executor.setQueueSize(jobs.queueCapacity());
    executor.setMaxJobsPerAcquisition(jobs.maxJobsPerAcquisition());
    executor.setWaitTimeInMillis((int) jobs.waitTimeInMillis());
    executor.setMaxWait(jobs.maxWait());
    configuration.setJobExecutor(executor);
    this.engine = configuration.buildProcessEngine();

    DeploymentBuilder deployment =
        engine
            .getRepositoryService()
            .createDeployment()
            .name("ceiling")
            .enableDuplicateFiltering(true);
    for (String file :
        List.of(
            "processes/temporary-id-application.bpmn",
            "processes/temporary-id-certificate.bpmn",
            "dmn/eligibility.dmn",
            "dmn/service-area.dmn",
            "dmn/quota.dmn",
            "dmn/approval.dmn")) {
      try {
        String name = file.substring(file.indexOf('/') + 1);
        if (synchronous && file.endsWith(".bpmn")) {
          String xml = Files.readString(projectDir.resolve(file), StandardCharsets.UTF_8);
          deployment.addString(name, withoutContinuations(xml));
        } else {
          deployment.addInputStream(name, Files.newInputStream(projectDir.resolve(file)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    deployment.deploy();
  }

  /** The BPMN with no asynchronous continuation: every step runs in its caller's transaction. */
  static String withoutContinuations(String bpmn) {
    return bpmn.replaceAll("\\s+camunda:async(Before|After)=\"true\"", "");
  }

  private static JavaDelegate decide(DmnEngine dmn, DmnDecision table, Map<String, Object> inputs) {
    return execution -> dmn.evaluateDecision(table, new HashMap<>(inputs)).getSingleResult();
  }

  /** Runs journeys for {@code seconds} with {@code clients} in flight; waits for the last. */
  Result run(int clients, double seconds) throws InterruptedException {
    permits = new Semaphore(clients);
    ended.set(0);
    ExecutorService starters =
        Executors.newFixedThreadPool(
            // without continuations a journey runs to its end in its starter's correlation: one
            // thread per journey in flight
            synchronous ? clients : Math.max(2, clients / 8));
    long started = System.nanoTime();
    long deadline = started + (long) (seconds * 1e9);
    AtomicInteger startedJourneys = new AtomicInteger();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    while (System.nanoTime() < deadline) {
      if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      startedJourneys.incrementAndGet();
      starters.submit(
          () -> {
            try {
              String key = UUID.randomUUID().toString();
              engine
                  .getRuntimeService()
                  .startProcessInstanceByKey(APPLICATION, key, Map.of("applicationId", key));
              engine
                  .getRuntimeService()
                  .createMessageCorrelation("LivenessCompleted")
                  .processInstanceBusinessKey(key)
                  .correlateWithResult();
            } catch (RuntimeException e) {
              failures.add(e);
              permits.release();
            }
          });
    }
    // wait for the journeys still in flight (bounded)
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ended.get() + failures.size() < startedJourneys.get() && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    starters.shutdownNow();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " bare-engine journeys failed", failures.get(0));
    }
    return new Result(ended.get(), elapsed, ended.get() / elapsed, clients);
  }

  ProcessEngine engine() {
    return engine;
  }

  void journeyEnded() {
    ended.incrementAndGet();
    permits.release();
  }

  @Override
  public void close() {
    engine.close();
  }

  /**
   * The job executor settings and history removal strategy of the service (its application.yml),
   * used here as well.
   */
  record JobExecutorSettings(
      int corePoolSize,
      int maxPoolSize,
      int queueCapacity,
      int maxJobsPerAcquisition,
      long waitTimeInMillis,
      long maxWait,
      String historyRemovalTimeStrategy) {}

  /** Stand-in for the service's end listeners ({@code ${applicationOutcomes.…}}). */
  public static final class Outcomes {
    private final BareEngineCeiling ceiling;

    Outcomes(BareEngineCeiling ceiling) {
      this.ceiling = ceiling;
    }

    public void refused(DelegateExecution execution) {}

    public void failed(DelegateExecution execution, String reasonCode) {}

    public void rejected(DelegateExecution execution, String reasonCode) {}

    public void abandoned(DelegateExecution execution) {}

    /** Counted once the ending transaction has committed, as a client would see it. */
    public void processEnded(DelegateExecution execution) {
      Context.getCommandContext()
          .getTransactionContext()
          .addTransactionListener(TransactionState.COMMITTED, committed -> ceiling.journeyEnded());
    }
  }
}
