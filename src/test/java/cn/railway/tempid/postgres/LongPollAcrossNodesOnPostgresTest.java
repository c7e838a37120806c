package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The long poll's wake-up on PostgreSQL: a change signalled in a transaction reaches another node's
 * waiters (its own LISTEN connection) when the transaction commits, never when it rolls back; and a
 * waiting {@code GET /applications/{id}} with {@code Prefer: wait=N} is answered when the journey
 * moves on (job executor on, as in production), not after N seconds.
 */
@PostgresTest
class LongPollAcrossNodesOnPostgresTest {
  @Autowired ChangeSignals thisNode;
  @Autowired DataSource dataSource;
  @Autowired DataSourceProperties properties;
  @Autowired PlatformTransactionManager transactions;
  @LocalServerPort int port;

  @Test
  void aCommittedChangeWakesAnotherNodesWaiters_aRolledBackOneDoesNot() throws Exception {
    ChangeSignals otherNode = new ChangeSignals(dataSource, properties);
    try {
      // registered once its LISTEN connection is up (on connecting it wakes every waiter once)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!otherNode.listening() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(otherNode.listening()).isTrue();
      Set<String> heard = ConcurrentHashMap.newKeySet();
      CountDownLatch committed = new CountDownLatch(1);
      CountDownLatch later = new CountDownLatch(1);
      otherNode.onChange("app-committed", committed::countDown);
      otherNode.onChange("app-rolled-back", () -> heard.add("app-rolled-back"));
      otherNode.onChange("app-later", later::countDown);
      TransactionTemplate tx = new TransactionTemplate(transactions);
      tx.executeWithoutResult(s -> thisNode.changed("app-committed"));
      assertThat(committed.await(10, TimeUnit.SECONDS)).as("heard on the other node").isTrue();

      tx.executeWithoutResult(
          s -> {
            thisNode.changed("app-rolled-back");
            s.setRollbackOnly();
          });
      tx.executeWithoutResult(s -> thisNode.changed("app-later"));
      // notifications arrive in commit order: once the later one is heard, a rolled-back one
      // would have been heard before it
      assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(heard).doesNotContain("app-rolled-back");
    } finally {
      otherNode.stop();
    }
  }

  @Test
  void aWaitingGetIsAnsweredWhenTheJourneyMovesOn() throws Exception {
    HttpApi api = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    api.inRegistry("李四", idNumber);
    HttpApi.Answer submitted = api.submitAsGuest("李四", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    int before = thisNode.waiting();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> waiting =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/applications/" + id))
                    .timeout(Duration.ofSeconds(60))
                    .header("X-Applicant-Token", token)
                    .header("Prefer", "wait=25")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (thisNode.waiting() <= before && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(waiting).isNotDone();

    api.completeLiveness(submitted.body().path("liveness").path("sessionId").asText(), "PASS");

    HttpResponse<String> answer = waiting.get(22, TimeUnit.SECONDS);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=25");
    assertThat(new ObjectMapper().readTree(answer.body()).path("status").asText())
        .isIn("UNDER_REVIEW", "ISSUED");
    assertThat(elapsedMs).as("answered by the change, not by the wait").isLessThan(20_000);
  }
}
