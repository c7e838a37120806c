package cn.railway.tempid.reliability;

import cn.railway.tempid.support.PostgresTestEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two (or more) nodes of the packaged jar on one database, as a load balancer sees them: requests
 * go round the nodes that are up. Also keeps the nodes' demo clocks together: each node has its own
 * clock (real time plus an offset moved through {@code POST /demo/clock}), so every move goes to
 * every node, and a restarted node is moved by the whole offset before it gets traffic.
 */
final class Cluster implements AutoCloseable {
  static final String DB_USER = "tempid";
  static final String DB_PASSWORD = "tempid-reliability-only-password";
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  private final List<ServiceNode> nodes;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private Duration clockOffset = Duration.ZERO;

  private Cluster(List<ServiceNode> nodes, String jdbcUrl, String user, String password) {
    this.nodes = List.copyOf(nodes);
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * The nodes named {@code node-1 …} on {@code ports}, with the environment the {@code postgres}
   * profile needs (database and test-only secrets) and {@code arguments} for every node.
   */
  static Cluster of(
      Path jar,
      List<Integer> ports,
      String jdbcUrl,
      String user,
      String password,
      Path logDirectory,
      List<String> arguments) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEMPID_DB_URL", jdbcUrl);
    env.put("TEMPID_DB_USER", user);
    env.put("TEMPID_DB_PASSWORD", password);
    env.put("TEMPID_HMAC_KEY", PostgresTestEnvironment.HMAC_KEY);
    env.put("TEMPID_ENCRYPTION_ACTIVE_KEY_ID", PostgresTestEnvironment.ENCRYPTION_KEY_ID);
    env.put("TEMPID_ENCRYPTION_KEY", PostgresTestEnvironment.ENCRYPTION_KEY);
    env.put("TEMPID_LIVENESS_CALLBACK_SECRET", PostgresTestEnvironment.LIVENESS_CALLBACK_SECRET);
    env.put("TEMPID_PUBLIC_BASE_URL", PostgresTestEnvironment.PUBLIC_BASE_URL);
    List<ServiceNode> nodes = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      nodes.add(
          new ServiceNode(
              "node-" + (i + 1), jar, ports.get(i), logDirectory, env, withLoadLimits(arguments)));
    }
    return new Cluster(nodes, jdbcUrl, user, password);
  }

  /**
   * Every journey of the load comes from 127.0.0.1: the per-address abuse limits (600 submissions a
   * minute, for carrier-grade NAT) would answer 429 to the load itself.
   */
  private static List<String> withLoadLimits(List<String> arguments) {
    List<String> all = new ArrayList<>();
    all.add("--tempid.limits.submission-per-address.max=1000000");
    all.add("--tempid.limits.liveness-per-address.max=1000000");
    all.add("--tempid.limits.lookup-per-address.max=1000000");
    all.addAll(arguments);
    return all;
  }

  List<ServiceNode> nodes() {
    return nodes;
  }

  ServiceNode node(int index) {
    return nodes.get(index);
  }

  /** The nodes a load balancer would send to now (the process is running). */
  List<ServiceNode> live() {
    return nodes.stream().filter(ServiceNode::isAlive).toList();
  }

  /**
   * Starts every node at the same moment and waits until all are ready. On a fresh database they
   * race to create the schema: the service takes turns under a PostgreSQL advisory lock ({@code
   * engine.SchemaCreationLock}), so both come up (before it, the second failed with {@code
   * duplicate key … ACT_GE_PROPERTY}); a node that does not is a failed start, reported here.
   */
  void startAll(Duration timeout, String... extraArguments) {
    startTogether(nodes, timeout, extraArguments);
    for (ServiceNode n : nodes) {
      syncClock(n);
    }
  }

  /** How many nodes logged that they waited for another node's schema creation. */
  long waitedForSchema() {
    return nodes.stream()
        .filter(
            n -> {
              try {
                return java.nio.file.Files.readString(n.logFile()).contains(SCHEMA_LOCK_WAIT);
              } catch (java.io.IOException | RuntimeException e) {
                return false;
              }
            })
        .count();
  }

  /** What {@code engine.SchemaCreationLock} logs when another node holds the lock. */
  static final String SCHEMA_LOCK_WAIT = "Waiting for another node to finish the";

  private static void startTogether(
      List<ServiceNode> nodes, Duration timeout, String... extraArguments) {
    nodes.forEach(n -> n.start(extraArguments));
    List<CompletableFuture<Void>> ready =
        nodes.stream().map(n -> CompletableFuture.runAsync(() -> n.awaitReady(timeout))).toList();
    ready.forEach(CompletableFuture::join);
  }

  /** Starts a stopped node again, waits until it is ready and moves its clock with the others. */
  void restart(ServiceNode node, Duration timeout, String... extraArguments) {
    node.start(extraArguments);
    node.awaitReady(timeout);
    syncClock(node);
  }

  /** Stops every node (graceful) and starts them again, together, with {@code extraArguments}. */
  void restartAll(Duration timeout, String... extraArguments) {
    nodes.forEach(ServiceNode::stop);
    startTogether(nodes, timeout, extraArguments);
    for (ServiceNode n : nodes) {
      syncClock(n);
    }
  }

  private void syncClock(ServiceNode node) {
    if (!clockOffset.isZero()) {
      moveClock(node, clockOffset);
    }
  }

  /** How far the nodes' demo clocks have been moved so far. */
  Duration clockOffset() {
    return clockOffset;
  }

  /** Moves every live node's demo clock forward by {@code amount}; returns the new time. */
  Instant advanceClock(Duration amount) {
    clockOffset = clockOffset.plus(amount);
    Instant now = null;
    for (ServiceNode n : live()) {
      now = moveClock(n, amount);
    }
    return now;
  }

  /** Moves every live node's clock to {@code target} (must be later than now). */
  Instant setClock(Instant target) {
    Instant now = now();
    Duration amount = Duration.between(now, target);
    if (amount.isNegative()) {
      throw new IllegalArgumentException("the demo clock only moves forward: " + target);
    }
    return advanceClock(amount);
  }

  /** The demo clock (of the first live node). */
  Instant now() {
    ServiceNode n = live().get(0);
    Client.Reply r = Client.get(n.name(), n.baseUrl(), "/api/v1/demo/clock", CLIENT_TIMEOUT);
    if (r.status() != 200) {
      throw new IllegalStateException("clock not read: " + r);
    }
    return Instant.parse(r.text("now"));
  }

  private static Instant moveClock(ServiceNode node, Duration amount) {
    Client.Reply r =
        Client.post(
            node.name(),
            node.baseUrl(),
            "/api/v1/demo/clock",
            Map.of("advance", amount.toString()),
            CLIENT_TIMEOUT);
    if (r.status() != 200) {
      throw new IllegalStateException("clock of " + node + " not moved: " + r);
    }
    return Instant.parse(r.text("now"));
  }

  /** A connection to the database the nodes use (as the service's role). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    nodes.forEach(ServiceNode::stop);
  }
}
