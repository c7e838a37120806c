package cn.railway.tempid.shared.shedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The ceiling of admitted requests is sized from what Spring Boot and the engine actually built:
 * the Hikari pool, Tomcat's threads ({@code server.tomcat.threads.max}) and the job executor's
 * thread pool (present only while job execution is on); a start that cannot keep the job executor
 * its connections is refused.
 */
class SheddingConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ServerProperties.class)
  static class Node {
    @Bean
    HikariDataSource dataSource() {
      HikariDataSource pool = new HikariDataSource();
      pool.setMaximumPoolSize(32);
      return pool;
    }

    @Bean
    SimpleMeterRegistry meters() {
      return new SimpleMeterRegistry();
    }

    @Bean
    ObjectMapper json() {
      return new ObjectMapper();
    }
  }

  /** The engine's job threads, as Camunda's starter names them. */
  @Configuration(proxyBeanMethods = false)
  static class JobExecutor {
    @Bean(name = SheddingConfiguration.JOB_THREADS)
    ThreadPoolTaskExecutor camundaTaskExecutor() {
      ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
      threads.setMaxPoolSize(8);
      return threads;
    }
  }

  private final ApplicationContextRunner node =
      new ApplicationContextRunner()
          .withUserConfiguration(Node.class, SheddingConfiguration.class)
          .withPropertyValues("tempid.shedding.reserved-connections=6");

  @Test
  void theJobExecutorKeepsOneConnectionPerThreadAndOneForItsAcquisition() {
    node.withUserConfiguration(JobExecutor.class)
        .run(context -> assertThat(context.getBean(Admission.class).ceiling()).isEqualTo(17));
  }

  @Test
  void withoutJobExecution_theJobExecutorKeepsNone() {
    node.run(context -> assertThat(context.getBean(Admission.class).ceiling()).isEqualTo(26));
  }

  @Test
  void tooFewTomcatThreadsToAnswerShedRequests_refuseTheStart() {
    node.withUserConfiguration(JobExecutor.class)
        .withPropertyValues("server.tomcat.threads.max=17")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("server.tomcat.threads.max 17"));
  }

  @Test
  void aPoolThatLeavesTooFewConnectionsForRequests_refusesTheStart() {
    node.withUserConfiguration(JobExecutor.class)
        .withPropertyValues("tempid.shedding.reserved-connections=22")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Enlarge the pool"));
  }
}
