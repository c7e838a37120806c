package cn.railway.tempid.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reliability command (issue 8; run by {@code scripts/reliability.sh}, documented in {@code
 * docs/reliability.md}): its own PostgreSQL 15 primary with a synchronous streaming standby
 * (Debian's binaries), two nodes of the packaged jar (profiles {@code demo,postgres}) on a
 * multi-host JDBC URL, and the scenarios, printing one {@code FIGURE} line per figure:
 *
 * <ol type="a">
 *   <li>two-node quota race ({@link QuotaRace});
 *   <li>{@code kill -9} of a node under 1,000 journeys, and the timers ({@link NodeKill});
 *   <li>a 30-s database outage under load ({@link DatabaseOutage});
 *   <li>failover to the synchronous standby under load ({@link StandbyFailover});
 *   <li>the OpenAPI fuzzer against each node ({@link FuzzerHook}, {@link ApiFuzzer});
 *   <li>expiry and the 30-minute lock with the job executor off ({@link ClockWithoutJobExecutor});
 *   <li>the restore drill: a base backup and WAL archive under load, a point-in-time restore and a
 *       restore from the archive alone, RPO and RTO ({@link RestoreDrill}).
 * </ol>
 *
 * Loopback only, bounded: every loop has a count or a deadline, and it stops everything it started
 * (also on Ctrl-C). Exit code 0 when every figure met its target, 1 otherwise.
 *
 * <p>Options ({@code --name=value}): {@code jar} (default {@code target/temporary-id-*.jar}),
 * {@code node-ports} (8110,8111), {@code pg-ports} (15430,15431), {@code journeys} (1000), {@code
 * clients} (16), {@code outage-seconds} (30), {@code fuzz-requests} (10000 per node), {@code
 * fuzz-seed} (8), {@code scenarios} (abcdefg), {@code lock-time-millis} (20000, as the service is
 * configured), {@code restore-pg-ports} (15432,15433) and {@code restore-node-port} (8112) for the
 * restored databases and node of scenario g, {@code archive-timeout-seconds} (10).
 */
public final class ReliabilityCommand {
  private ReliabilityCommand() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path jar = jar(options.get("jar"));
    List<Integer> nodePorts = ports(options.getOrDefault("node-ports", "8110,8111"));
    List<Integer> pgPorts = ports(options.getOrDefault("pg-ports", "15430,15431"));
    int journeys = Integer.parseInt(options.getOrDefault("journeys", "1000"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
    Duration outage =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("outage-seconds", "30")));
    int fuzzRequests = Integer.parseInt(options.getOrDefault("fuzz-requests", "10000"));
    long fuzzSeed = Long.parseLong(options.getOrDefault("fuzz-seed", "8"));
    String scenarios = options.getOrDefault("scenarios", "abcdefg");
    List<Integer> restorePgPorts = ports(options.getOrDefault("restore-pg-ports", "15432,15433"));
    int restoreNodePort = Integer.parseInt(options.getOrDefault("restore-node-port", "8112"));
    Duration archiveTimeout =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("archive-timeout-seconds", "10")));
    long lockTime = Long.parseLong(options.getOrDefault("lock-time-millis", "20000"));
    Duration startTimeout = Duration.ofMinutes(10);
    List<Integer> allPorts = new java.util.ArrayList<>(nodePorts);
    allPorts.addAll(pgPorts);
    if (scenarios.contains("g")) {
      allPorts.addAll(restorePgPorts);
      allPorts.add(restoreNodePort);
    }
    for (int port : allPorts) {
      requireFree(port);
    }

    Path logs =
        Path.of(
            "target",
            "reliability",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(logs);
    Path base = Files.createTempDirectory("tempid-reliability");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Figures figures = new Figures(System.out);
    figures.note("-", "jar " + jar + "; logs in " + logs.toAbsolutePath());

    DebianPostgres primary = null;
    DebianPostgres standby = null;
    Cluster cluster = null;
    Thread cleanup = null;
    try {
      primary = DebianPostgres.primary(base, "primary", pgPorts.get(0));
      primary.createServiceDatabase("tempid", Cluster.DB_USER, Cluster.DB_PASSWORD);
      Path archive = base.resolve("wal-archive");
      if (scenarios.contains("g")) {
        // before the standby is taken, so that it archives too once promoted (scenario d)
        primary.enableArchiving(archive, archiveTimeout);
      }
      standby = DebianPostgres.standbyOf(primary, base, "standby", pgPorts.get(1));
      primary.requireSynchronousStandby(Duration.ofSeconds(60));
      figures.note(
          "-",
          "PostgreSQL primary on "
              + primary.port()
              + ", synchronous streaming standby on "
              + standby.port());
      String jdbcUrl =
          "jdbc:postgresql://127.0.0.1:"
              + primary.port()
              + ",127.0.0.1:"
              + standby.port()
              + "/tempid?targetServerType=primary";
      cluster =
          Cluster.of(
              jar, nodePorts, jdbcUrl, Cluster.DB_USER, Cluster.DB_PASSWORD, logs, List.of());
      Cluster c = cluster;
      DebianPostgres p = primary;
      DebianPostgres s = standby;
      cleanup = new Thread(() -> stopAll(c, p, s, base, logs));
      Runtime.getRuntime().addShutdownHook(cleanup);
      long booting = System.nanoTime();
      cluster.startAll(startTimeout);
      figures.info(
          "-",
          "two nodes started together on an empty database and ready",
          Figures.seconds((System.nanoTime() - booting) / 1_000_000));
      figures.info(
          "-",
          "nodes that waited for the other's schema creation (lock)",
          cluster.waitedForSchema());
      Ledger ledger = new Ledger(cluster);

      if (scenarios.contains("a")) {
        scenario(figures, QuotaRace.ID, () -> QuotaRace.run(c, ledger, figures));
      }
      if (scenarios.contains("b")) {
        NodeKill.Plan plan =
            new NodeKill.Plan(
                journeys, clients, Math.max(1, journeys * 3 / 10), true, startTimeout, lockTime);
        scenario(figures, NodeKill.ID, () -> NodeKill.run(c, ledger, figures, plan));
      }
      if (scenarios.contains("c")) {
        scenario(
            figures,
            DatabaseOutage.ID,
            () -> DatabaseOutage.run(c, ledger, figures, p, outage, clients));
      }
      if (scenarios.contains("d")) {
        scenario(
            figures,
            StandbyFailover.ID,
            () -> StandbyFailover.run(c, ledger, figures, p, s, clients));
      }
      if (scenarios.contains("e")) {
        scenario(figures, FuzzerHook.ID, () -> FuzzerHook.run(c, figures, fuzzRequests, fuzzSeed));
      }
      if (scenarios.contains("f")) {
        scenario(
            figures,
            ClockWithoutJobExecutor.ID,
            () -> {
              Journeys.Journey j = new Journeys(c, Duration.ofMinutes(3)).journey(0);
              if (!j.issued()) {
                throw new IllegalStateException("no certificate to test with: " + j);
              }
              ClockWithoutJobExecutor.run(
                  c, ledger, figures, j.certificateId, j.applicantToken, startTimeout);
            });
      }
      if (scenarios.contains("g")) {
        // after scenario d the promoted standby is the primary
        DebianPostgres current = primary.isRunning() ? primary : s;
        RestoreDrill.Plan plan =
            new RestoreDrill.Plan(
                jar,
                base,
                logs,
                archive,
                archiveTimeout,
                restorePgPorts,
                restoreNodePort,
                clients,
                startTimeout);
        scenario(figures, RestoreDrill.ID, () -> RestoreDrill.run(c, figures, current, plan));
      }
    } finally {
      if (cleanup != null) {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
      stopAll(cluster, primary, standby, base, logs);
    }
    List<Figures.Figure> failed = figures.failed();
    System.out.println(
        "RESULT "
            + figures.all().size()
            + " figures, "
            + failed.size()
            + " failed"
            + (failed.isEmpty() ? "" : ": " + failed.stream().map(Figures.Figure::name).toList()));
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  /** Runs one scenario; if it throws, that is a failed figure and the run goes on. */
  private static void scenario(Figures figures, String id, Runnable scenario) {
    long started = System.nanoTime();
    try {
      scenario.run();
    } catch (RuntimeException e) {
      figures.check(id, "scenario completed", "aborted: " + e, "completed", false);
      e.printStackTrace(System.out);
    }
    figures.info(id, "scenario took", Figures.seconds((System.nanoTime() - started) / 1_000_000));
  }

  private static synchronized void stopAll(
      Cluster cluster, DebianPostgres primary, DebianPostgres standby, Path base, Path logs) {
    if (cluster != null) {
      cluster.close();
    }
    for (DebianPostgres pg : Arrays.asList(primary, standby)) {
      if (pg != null) {
        pg.stopQuietly();
        try {
          if (Files.exists(pg.logFile())) {
            Files.copy(
                pg.logFile(),
                logs.resolve("postgres-" + pg.name() + ".log"),
                StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          System.err.println("PostgreSQL log not kept: " + e);
        }
      }
    }
    deleteTree(base);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  static Path jar(String configured) throws IOException {
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("temporary-id-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .map(Path::toAbsolutePath)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no target/temporary-id-*.jar: build it first (mvn -DskipTests package)"));
    }
  }

  static List<Integer> ports(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
  }

  static void requireFree(int port) {
    try (ServerSocket socket =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is in use: choose others with --node-ports / --pg-ports");
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, not " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }
}
