package cn.railway.tempid.bench;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;

/**
 * Seeds certificate lifecycles into the service's database the way the service starts them (a
 * {@code temporary-id-certificate} instance per certificate, deployed by the service, waiting on
 * its renewal-window timer), through a Camunda engine in this JVM whose job executor is off: the
 * service's job executor does all the firing. The seeded instances belong to no domain certificate
 * row: their renewal-window timer only logs, which is all this measures.
 */
final class TimerDrain {
  private TimerDrain() {}

  /** Starts {@code count} certificate instances whose renewal windows open at {@code opensAt}. */
  static double seed(
      String jdbcUrl, String user, String password, int count, Date opensAt, Date expiresAt)
      throws Exception {
    StandaloneProcessEngineConfiguration configuration =
        (StandaloneProcessEngineConfiguration)
            ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
    configuration
        .setProcessEngineName("bench-seeder")
        .setJdbcUrl(jdbcUrl)
        .setJdbcUsername(user)
        .setJdbcPassword(password)
        .setJdbcDriver("org.postgresql.Driver")
        .setJdbcMaxActiveConnections(8)
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE)
        .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
        .setJobExecutorActivate(false);
    configuration.setIdGenerator(new StrongUuidGenerator());
    configuration.setMetricsEnabled(false);
    configuration.setDbMetricsReporterActivate(false);
    long started = System.nanoTime();
    try (AutoCloseable closing = buildAndClose(configuration)) {
      ProcessEngineConfigurationImpl impl = configuration;
      int batch = 500;
      int threads = 4;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int from = 0; from < count; from += batch) {
        int size = Math.min(batch, count - from);
        done.add(
            pool.submit(
                () ->
                    impl.getCommandExecutorTxRequired()
                        .execute(
                            context -> {
                              for (int i = 0; i < size; i++) {
                                String id = UUID.randomUUID().toString();
                                impl.getRuntimeService()
                                    .startProcessInstanceByKey(
                                        BareEngineCeiling.CERTIFICATE,
                                        id,
                                        Map.of(
                                            "certificateId", id,
                                            "renewalOpensAt", opensAt,
                                            "expiresAt", expiresAt));
                              }
                              return null;
                            })));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  private static AutoCloseable buildAndClose(ProcessEngineConfiguration configuration) {
    ProcessEngine engine = configuration.buildProcessEngine();
    return engine::close;
  }
}
