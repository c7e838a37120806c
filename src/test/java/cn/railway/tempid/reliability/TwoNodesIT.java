package cn.railway.tempid.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quick subset of the reliability command in {@code mvn verify} (after {@code package}, so the
 * packaged jar exists): two nodes of the jar on the embedded PostgreSQL the other PostgreSQL tests
 * use, the two-node quota race (scenario a) and a small {@code kill -9} run with the timers
 * (scenario b). The whole command, with its 1,000 journeys, the database outage, the failover and
 * the rest, is {@code scripts/reliability.sh} (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
  private static final int JOURNEYS = 24;

  private final Figures figures = new Figures(System.out);
  private Cluster cluster;
  private Ledger ledger;

  @BeforeAll
  void startTwoNodes() throws IOException {
    EmbeddedPostgresServer.Server postgres = EmbeddedPostgresServer.get();
    String jdbcUrl =
        postgres.createDatabase("reliability_" + UUID.randomUUID().toString().substring(0, 8));
    Path logs = Files.createDirectories(Path.of("target", "reliability", "it"));
    cluster =
        Cluster.of(
            ReliabilityCommand.jar(null),
            List.of(freePort(), freePort()),
            jdbcUrl,
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            logs,
            List.of());
    cluster.startAll(START_TIMEOUT);
    ledger = new Ledger(cluster);
  }

  @AfterAll
  void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void twentySimultaneousSubmissionsOverTwoNodes_exactlyOneAccepted() {
    QuotaRace.run(cluster, ledger, figures);

    assertThat(failed(QuotaRace.ID)).isEmpty();
  }

  @Test
  @Order(2)
  void killNineOfANodeUnderLoad_nothingLostOrDoubled_itsJourneysFinishOnTheOtherNode() {
    NodeKill.run(
        cluster,
        ledger,
        figures,
        new NodeKill.Plan(JOURNEYS, 6, JOURNEYS / 3, false, START_TIMEOUT, 20_000));

    assertThat(failed(NodeKill.ID)).isEmpty();
  }

  private List<String> failed(String scenario) {
    return figures.failed().stream()
        .filter(f -> f.scenario().equals(scenario))
        .map(Figures.Figure::line)
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
