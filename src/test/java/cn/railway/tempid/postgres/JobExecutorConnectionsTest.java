package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.shedding.Admission;
import cn.railway.tempid.support.PostgresTest;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 22: HTTP threads can never starve the job executor. With the production profile's wiring
 * (job executor on), the requests load shedding admits at once, each holding at most one
 * connection, leave the job executor's threads, its acquisition and the background work a
 * connection each.
 */
@PostgresTest
class JobExecutorConnectionsTest {
  @Autowired Admission admission;
  @Autowired DataSource dataSource;

  @Value("${camunda.bpm.job-execution.max-pool-size}")
  int jobThreads;

  @Value("${tempid.shedding.reserved-connections}")
  int reserved;

  @Test
  void admittedRequests_leaveTheJobExecutorItsConnections() throws Exception {
    int pool = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();

    assertThat(jobThreads).isPositive();
    assertThat(admission.ceiling() + jobThreads + 1 + reserved).isLessThanOrEqualTo(pool);
    assertThat(admission.ceiling()).isEqualTo(pool - jobThreads - 1 - reserved);
    assertThat(admission.limit()).isLessThanOrEqualTo(admission.ceiling());
  }
}
