package cn.railway.tempid.shared.shedding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Load shedding (docs/scaling.md, "Peak load: shedding"). At start-up the ceiling of admitted API
 * requests is sized so that HTTP requests can never starve the job executor of connections:
 *
 * <pre>
 *   ceiling = pool size − (job executor threads + 1 acquisition) − reserved-connections
 * </pre>
 *
 * (or {@code tempid.shedding.max-concurrency}, which may only be lower). Every admitted request
 * holds at most one connection at a time, so the job executor's threads and its acquisition always
 * find theirs. The start is refused when that leaves fewer than 2, when a configured ceiling is
 * higher, or when Tomcat has no threads beyond the ceiling to answer shed requests with.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SheddingProperties.class)
@ConditionalOnProperty(
    prefix = "tempid.shedding",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
class SheddingConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SheddingConfiguration.class);

  /** Camunda's pool of job executor threads (its Spring Boot starter's bean). */
  static final String JOB_THREADS = "camundaTaskExecutor";

  @Bean
  Admission admission(
      SheddingProperties settings,
      DataSource dataSource,
      MeterRegistry meters,
      ObjectProvider<ServerProperties> server,
      @Qualifier(JOB_THREADS) ObjectProvider<TaskExecutor> jobThreads,
      ObjectProvider<QueuedWork> queuedWork) {
    int pool = poolSize(dataSource);
    // Tomcat's threads as Spring Boot configured them (server.tomcat.threads.max, 200 by default)
    int httpThreads =
        server.getIfAvailable(ServerProperties::new).getTomcat().getThreads().getMax();
    // each job thread holds one connection while it runs a job, the acquisition one more
    int jobConnections = jobConnections(jobThreads.getIfAvailable());
    int ceiling =
        ceiling(
            pool,
            jobConnections,
            settings.reservedConnections(),
            settings.maxConcurrency(),
            httpThreads);
    log.info(
        "Load shedding: at most {} API requests at once ({} for polls and new work), {} algorithm;"
            + " connection pool {}, job executor {}, reserved {}",
        ceiling,
        Math.max(1, ceiling - (int) Math.ceil(ceiling * settings.finishingShare())),
        settings.algorithm(),
        pool,
        jobConnections,
        settings.reservedConnections());
    // the job threads busy and as many due jobs again waiting: enough to keep them busy, not
    // so many that a journey waits long behind the others. A node that runs no jobs has no
    // job threads of its own to protect (and a test that runs jobs itself leaves them due).
    int threads = Math.max(0, jobConnections - 1);
    int maxQueued =
        settings.maxQueuedJobs() != null ? settings.maxQueuedJobs() : Math.max(1, 2 * threads);
    QueuedWork queued =
        threads > 0 ? queuedWork.getIfAvailable(() -> QueuedWork.NONE) : QueuedWork.NONE;
    if (queued != QueuedWork.NONE) {
      log.info("Load shedding: new work waits while more than {} journey steps are due", maxQueued);
    }
    return new Admission(settings, ceiling, queued, maxQueued, meters);
  }

  @Bean
  FilterRegistrationBean<LoadShedding> loadShedding(
      Admission admission,
      SheddingProperties settings,
      ObjectMapper json,
      ObjectProvider<AnsweredFromMemory> fromMemory) {
    FilterRegistrationBean<LoadShedding> registration =
        new FilterRegistrationBean<>(
            new LoadShedding(admission, settings, json, fromMemory.orderedStream().toList()));
    // after the trace id, the request limits and the escaped-exception guard; before security
    // (DelegatingFilterProxy at -100) and anything that reads the body
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** The ceiling, or why the node cannot guarantee the job executor its connections. */
  static int ceiling(
      int pool, int jobConnections, int reserved, Integer configured, int httpThreads) {
    int room = pool - jobConnections - reserved;
    String sizes =
        "connection pool "
            + pool
            + " (spring.datasource.hikari.maximum-pool-size), job executor "
            + jobConnections
            + " (camunda.bpm.job-execution.max-pool-size + 1), reserved "
            + reserved
            + " (tempid.shedding.reserved-connections)";
    if (room < 2) {
      throw new IllegalStateException(
          "Load shedding cannot keep connections for the job executor: "
              + sizes
              + " leave "
              + room
              + " for HTTP requests, at least 2 are needed. Enlarge the pool.");
    }
    if (configured != null && configured > room) {
      throw new IllegalStateException(
          "tempid.shedding.max-concurrency "
              + configured
              + " is more than the "
              + room
              + " connections HTTP requests may use: "
              + sizes);
    }
    int ceiling = configured == null ? room : configured;
    if (httpThreads <= ceiling) {
      throw new IllegalStateException(
          "server.tomcat.threads.max "
              + httpThreads
              + " leaves no thread to answer shed requests beyond the ceiling of "
              + ceiling);
    }
    return ceiling;
  }

  /**
   * The connections the job executor may hold: one per thread of the pool its jobs run on, plus its
   * acquisition; none when job execution is off ({@code camunda.bpm.job-execution.enabled}). The
   * pool is Camunda's {@value #JOB_THREADS} bean, sized from {@code
   * camunda.bpm.job-execution.max-pool-size} and present only while job execution is on. It is read
   * as Spring's executor: the engine stays an adapter (ADR 0001).
   */
  static int jobConnections(TaskExecutor jobThreads) {
    if (jobThreads == null) {
      return 0;
    }
    if (jobThreads instanceof ThreadPoolTaskExecutor pool) {
      return pool.getMaxPoolSize() + 1;
    }
    throw new IllegalStateException(
        "Load shedding sizes its ceiling from the job executor's thread pool ("
            + JOB_THREADS
            + "), which is not a ThreadPoolTaskExecutor");
  }

  private static int poolSize(DataSource dataSource) {
    try {
      if (dataSource instanceof HikariDataSource hikari) {
        return hikari.getMaximumPoolSize();
      }
      if (dataSource.isWrapperFor(HikariDataSource.class)) {
        return dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
      }
    } catch (SQLException e) {
      // not a Hikari pool: below
    }
    throw new IllegalStateException(
        "Load shedding sizes its ceiling from the Hikari connection pool; none found");
  }
}
