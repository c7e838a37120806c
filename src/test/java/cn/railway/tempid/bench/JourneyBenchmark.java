package cn.railway.tempid.bench;

import cn.railway.tempid.support.PostgresTestEnvironment;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.yaml.snakeyaml.Yaml;

/**
 * The benchmark command (not a test; {@code scripts/benchmark.sh} runs it): measures in one run the
 * bare-engine ceiling and the packaged service on the same PostgreSQL, and prints one JSON document
 * with every figure, the targets as ratios against the ceiling, and a PNG chart.
 *
 * <ol>
 *   <li>Ceilings: {@link BareEngineCeiling}, the same BPMN and DMN files in this JVM (no HTTP): as
 *       deployed (asynchronous continuations run by the job executor), and the second ceiling, the
 *       same processes without continuations (a journey waits only at the liveness message).
 *   <li>The service: {@code java -jar target/temporary-id-*.jar} with the profiles {@code
 *       demo,postgres} on the same server (database {@code tempid}); warm-up.
 *   <li>Journeys at rising client counts, each client as an app written against API.md: a guest
 *       submission, the simulated PASS (demo endpoint), then {@code GET /applications/{id}} every
 *       250 ms until ISSUED. Per phase: journeys/s, p50/p99 of submit and submit→ISSUED, the job
 *       backlog, committed transactions and row writes per journey (polls subtracted at their
 *       measured cost), and {@code pg_stat_statements}' most frequent statements.
 *   <li>A paced phase at half the best throughput: is submit→ISSUED p99 within 2 s?
 *   <li>The peak (issue 22): {@code --polling-clients} apps (128) that poll with a plain GET every
 *       250 ms instead of the long poll, each honouring {@code Retry-After} and retrying a shed
 *       request (429/503) as an app must: journeys/s against the long-poll phase and both ceilings,
 *       p99 from the accepted submission to ISSUED, journeys not ISSUED within 60 s of their
 *       accepted submission, and the shed answers by kind.
 *   <li>Online verification ({@code POST /verifications}, every request a new sighting) beside
 *       {@code GET /verification-keys} (the targets' yardstick) and the liveness probe, QR frames
 *       as JSON and PNG: wrk, 16 connections; sightings and audit rows counted in the database
 *       afterwards, CPU per request of the service and of PostgreSQL ({@link CpuTimes}), the
 *       statements per verification.
 *   <li>Timer drain: certificate lifecycles seeded ({@link TimerDrain}), the demo clock moved past
 *       their renewal-window timers, the backlog sampled every second until it is empty.
 * </ol>
 *
 * Loopback only; every phase is bounded in time.
 */
public final class JourneyBenchmark {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final int POLL_MILLIS = 250;
  static final int LONG_POLL_SECONDS = 20;

  private final Options options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(8))
          .build();
  private final ConcurrentLinkedQueue<String> registered = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inlineRegistrations = new AtomicInteger();
  private double commitsPerRegistration;
  private double writesPerRegistration;
  private final List<Issued> recentlyIssued = Collections.synchronizedList(new ArrayList<>());
  private final ObjectNode report = JSON.createObjectNode();
  private String base;

  record Options(
      Path projectDir,
      Path outDir,
      int port,
      int pgPort,
      List<Integer> clients,
      int phaseSeconds,
      int ceilingClients,
      int warmUpRounds,
      int timers,
      int wrkSeconds,
      String only,
      boolean longPoll,
      int replayRows,
      int replayRuns,
      int pollingClients) {}

  record Issued(String applicationId, String token, String livenessSession, String certificate) {}

  /**
   * One journey: {@code submitMillis} to the accepted submission (shed attempts and their waits
   * included), {@code issuedMillis} from the first attempt to ISSUED, {@code
   * acceptedToIssuedMillis} from the start of the accepted submission to ISSUED (-1: not ISSUED
   * within {@link #UNFINISHED_SECONDS} of it).
   */
  record Journey(long submitMillis, long issuedMillis, int polls, long acceptedToIssuedMillis) {
    boolean finished() {
      return acceptedToIssuedMillis >= 0;
    }
  }

  /** A journey not ISSUED this long after its accepted submission is unfinished (issue 22). */
  static final int UNFINISHED_SECONDS = 60;

  /** Answers 429/503 with Retry-After this phase (shed, or any other refusal to retry), by kind. */
  private final Map<String, AtomicLong> shed = new java.util.concurrent.ConcurrentHashMap<>();

  /** The start of the last attempt of the request this thread sent last (after retries). */
  private final ThreadLocal<Long> lastAttemptNanos = ThreadLocal.withInitial(System::nanoTime);

  private JourneyBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new TreeMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    Options options =
        new Options(
            Path.of(a.getOrDefault("project", ".")).toAbsolutePath().normalize(),
            Path.of(a.getOrDefault("out", "target/bench")).toAbsolutePath().normalize(),
            Integer.parseInt(a.getOrDefault("port", "8120")),
            Integer.parseInt(a.getOrDefault("pg-port", "15440")),
            java.util.Arrays.stream(a.getOrDefault("clients", "16,32,64,128").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList(),
            Integer.parseInt(a.getOrDefault("phase-seconds", "20")),
            Integer.parseInt(a.getOrDefault("ceiling-clients", "64")),
            // at most this many warm-up rounds of 15 s, for the ceiling and for the service
            Integer.parseInt(a.getOrDefault("warm-up-rounds", "8")),
            Integer.parseInt(a.getOrDefault("timers", "100000")),
            Integer.parseInt(a.getOrDefault("wrk-seconds", "10")),
            a.get("only"),
            // --poll=long (default): GET with Prefer: wait=20 (the long poll); --poll=250ms: a
            // plain GET every 250 ms as an app without the long poll would
            !"250ms".equals(a.getOrDefault("poll", "long")),
            // --only=replay: recorded evaluations of one table, and replays of it
            Integer.parseInt(
                a.getOrDefault("replay-rows", String.valueOf(ReplayBenchmark.DEFAULT_ROWS))),
            Integer.parseInt(a.getOrDefault("replay-runs", "3")),
            // the peak phase: apps polling every 250 ms, honouring Retry-After (0: not run)
            Integer.parseInt(a.getOrDefault("polling-clients", "128")));
    Files.createDirectories(options.outDir());
    try {
      new JourneyBenchmark(options).run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1); // the clients' threads must not keep a failed run alive
    }
    System.exit(0);
  }

  private String jdbc(String database) {
    return "jdbc:postgresql://127.0.0.1:" + options.pgPort() + "/" + database;
  }

  private void run() throws Exception {
    report.put("startedAt", Instant.now().toString());
    report.putPOJO("machine", machine());
    report.put(
        "polling", options.longPoll() ? "Prefer: wait=" + LONG_POLL_SECONDS : "every 250 ms");
    BareEngineCeiling.JobExecutorSettings jobs = jobExecutorSettings();
    report.putPOJO("jobExecutor", jobs);

    boolean drainOnly = "drain".equals(options.only());
    boolean onlineOnly = "online".equals(options.only());
    boolean replayOnly = "replay".equals(options.only());
    BareEngineCeiling ceiling = null;
    DatabaseCounters ceilingDb = null;
    BareEngineCeiling synchronous = null;
    DatabaseCounters synchronousDb = null;
    try {
      if (!drainOnly && !onlineOnly && !replayOnly) {
        // 1. the ceiling (measured again after the service's journeys: the mean of the two is the
        // ceiling, so that a change of the machine's other load during the run cancels out)
        log("ceiling: bare engine, same BPMN/DMN, history FULL, database 'ceiling'");
        ceiling =
            new BareEngineCeiling(jdbc("ceiling"), "tempid", "tempid", jobs, options.projectDir());
        ceilingDb = new DatabaseCounters(jdbc("ceiling"), "tempid", "tempid", jdbc("postgres"));
        ObjectNode c = report.putObject("ceiling");
        c.put("clients", options.ceilingClients());
        BareEngineCeiling warming = ceiling;
        c.set(
            "warmUp",
            warmUntilSteady(
                "ceiling", () -> warming.run(options.ceilingClients(), 15).journeysPerSecond()));
        ObjectNode first = measureCeiling(ceiling, ceilingDb);
        c.set("before", first);
        c.put("journeysPerSecond", first.get("journeysPerSecond").asDouble());
        c.put("commitsPerJourney", first.get("commitsPerJourney").asDouble());
        c.put("rowWritesPerJourney", first.get("rowWritesPerJourney").asDouble());
        log("ceiling: " + first);

        // 1b. the second ceiling: no asynchronous continuations (database 'ceiling_sync')
        log("ceiling without continuations: waits only at the liveness message");
        synchronous =
            new BareEngineCeiling(
                jdbc("ceiling_sync"), "tempid", "tempid", jobs, options.projectDir(), true);
        synchronousDb =
            new DatabaseCounters(jdbc("ceiling_sync"), "tempid", "tempid", jdbc("postgres"));
        ObjectNode s = report.putObject("ceilingSynchronous");
        s.put("clients", options.ceilingClients());
        BareEngineCeiling warmingSync = synchronous;
        s.set(
            "warmUp",
            warmUntilSteady(
                "ceiling without continuations",
                () -> warmingSync.run(options.ceilingClients(), 15).journeysPerSecond()));
        ObjectNode firstSync = measureCeiling(synchronous, synchronousDb);
        s.set("before", firstSync);
        s.put("journeysPerSecond", firstSync.get("journeysPerSecond").asDouble());
        s.put("commitsPerJourney", firstSync.get("commitsPerJourney").asDouble());
        s.put("rowWritesPerJourney", firstSync.get("rowWritesPerJourney").asDouble());
        log("ceiling without continuations: " + firstSync);
      }
      if ("ceiling".equals(options.only())) {
        // --only=ceiling: measured twice more in a row, to see whether it is warm
        ObjectNode c = (ObjectNode) report.get("ceiling");
        c.set("again", measureCeiling(ceiling, ceilingDb));
        c.set("andAgain", measureCeiling(ceiling, ceilingDb));
        System.out.println(JSON.writeValueAsString(report));
        return;
      }
      runService(drainOnly, onlineOnly, ceiling, ceilingDb, synchronous, synchronousDb);
      if (replayOnly) {
        JSON.writeValue(options.outDir().resolve("benchmark.json").toFile(), report);
        System.out.println(JSON.writeValueAsString(report));
        return;
      }
    } finally {
      if (ceilingDb != null) {
        ceilingDb.close();
      }
      if (ceiling != null) {
        ceiling.close();
      }
      if (synchronousDb != null) {
        synchronousDb.close();
      }
      if (synchronous != null) {
        synchronous.close();
      }
    }
    targets();
    headline();
    report.put("finishedAt", Instant.now().toString());
    report.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).trim());
    Path json = options.outDir().resolve("benchmark.json");
    JSON.writeValue(json.toFile(), report);
    Path chart = options.outDir().resolve("benchmark.png");
    if (!drainOnly && !onlineOnly) {
      BenchmarkChart.draw(report, chart);
    }
    System.out.println(JSON.writeValueAsString(report));
    log("written: " + json + " and " + chart);
  }

  /** One warm-up round: its rate (journeys or requests per second). */
  interface Round {
    double journeysPerSecond() throws Exception;
  }

  /**
   * Rounds of 15 s until one is within 5 % of the one before (at most {@code --warm-up-rounds}):
   * both the ceiling and the service gain for a minute or more after they start (the JIT on two
   * busy cores, the tables' planner statistics), and a figure measured before that compares a cold
   * engine with a warm one.
   */
  private ArrayNode warmUntilSteady(String what, Round round) throws Exception {
    return untilSteady(what, "journeys/s", Math.max(1, options.warmUpRounds()), round);
  }

  /** Rounds until one is within 5 % of the one before, at most {@code maxRounds}: their rates. */
  private ArrayNode untilSteady(String what, String unit, int maxRounds, Round round)
      throws Exception {
    ArrayNode rates = JSON.createArrayNode();
    double previous = -1;
    for (int i = 0; i < maxRounds; i++) {
      double rate = round.journeysPerSecond();
      rates.add(round(rate));
      log("warm-up, " + what + ": " + round(rate) + " " + unit);
      if (previous > 0 && Math.abs(rate - previous) <= 0.05 * previous) {
        break;
      }
      previous = rate;
    }
    return rates;
  }

  /** One unmeasured wrk run of the given length. */
  private interface WrkRound {
    Wrk.Result run(int seconds) throws Exception;
  }

  /**
   * wrk rounds of 5 s until one is within 5 % of the one before, at most 8 whatever {@code
   * --warm-up-rounds} says (a short command still compares two warm endpoints): the requests per
   * second of each round.
   */
  private ArrayNode wrkUntilSteady(String what, WrkRound round) throws Exception {
    return untilSteady(what, "requests/s", 8, () -> round.run(5).perSecond());
  }

  private ObjectNode measureCeiling(BareEngineCeiling ceiling, DatabaseCounters db)
      throws Exception {
    DatabaseCounters.Snapshot before = db.snapshot();
    BareEngineCeiling.Result r = ceiling.run(options.ceilingClients(), options.phaseSeconds());
    DatabaseCounters.Snapshot after = db.snapshot();
    ObjectNode c = JSON.createObjectNode();
    c.put("journeys", r.journeys());
    c.put("seconds", round(r.seconds()));
    c.put("journeysPerSecond", round(r.journeysPerSecond()));
    c.put("commitsPerJourney", round(after.commitsSince(before) / (double) r.journeys()));
    c.put("rowWritesPerJourney", round(after.rowWritesSince(before) / (double) r.journeys()));
    return c;
  }

  /** The ceiling again (the service idle): its figure becomes the mean of both measurements. */
  private void measureCeilingAgain(String key, BareEngineCeiling ceiling, DatabaseCounters db)
      throws Exception {
    if (ceiling == null) {
      return;
    }
    log(key + " again, after the service's journeys");
    ObjectNode second = measureCeiling(ceiling, db);
    ObjectNode c = (ObjectNode) report.get(key);
    c.set("after", second);
    c.put(
        "journeysPerSecond",
        round(
            (c.get("before").get("journeysPerSecond").asDouble()
                    + second.get("journeysPerSecond").asDouble())
                / 2));
    log("ceiling again: " + second + ", mean " + c.get("journeysPerSecond"));
  }

  private void runService(
      boolean drainOnly,
      boolean onlineOnly,
      BareEngineCeiling ceiling,
      DatabaseCounters ceilingDb,
      BareEngineCeiling synchronous,
      DatabaseCounters synchronousDb)
      throws Exception {
    // 2. the service
    Process service = startService();
    servicePid = service.pid();
    Thread stopService =
        new Thread(
            () -> {
              service.destroy();
              try {
                if (!service.waitFor(20, TimeUnit.SECONDS)) {
                  service.destroyForcibly();
                }
              } catch (InterruptedException e) {
                service.destroyForcibly();
              }
            });
    Runtime.getRuntime().addShutdownHook(stopService);
    try (DatabaseCounters db =
        new DatabaseCounters(jdbc("tempid"), "tempid", "tempid", jdbc("postgres"))) {
      waitUntilReady();
      if ("replay".equals(options.only())) {
        // --only=replay: a month of one table's recorded evaluations, replayed (ReplayBenchmark)
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          applications.add(submitted(registerPerson()));
        }
        report.set(
            "replay",
            ReplayBenchmark.run(
                jdbc("tempid"),
                base,
                http,
                options.projectDir(),
                applications,
                options.replayRows(),
                options.replayRuns()));
        log("replay: median " + report.get("replay").get("medianSeconds") + " s");
      } else if (drainOnly) {
        // --only=drain: the timer drain alone (e.g. 100,000 timers once, beside shorter runs)
        drain(db);
      } else if (onlineOnly) {
        // --only=online: the checkpoint and QR phases alone, on certificates issued by a short
        // closed loop (to look at the verification path without the journeys' minutes)
        log("issuing certificates: 15 s at 16 clients");
        closedLoop(16, 15, null);
        online(db);
      } else {
        report.set(
            "serviceWarmUp",
            warmUntilSteady(
                "service, 32 clients",
                () -> closedLoop(32, 15, null).get("journeysPerSecond").asDouble()));

        // idle commits and the cost of one poll, measured on their own
        DatabaseCounters.Snapshot idle0 = db.snapshot();
        DatabaseCounters.Snapshot idle1 = db.snapshot();
        double idlePerSecond =
            idle1.commitsSince(idle0) / ((idle1.atNanos() - idle0.atNanos()) / 1e9);
        ObjectNode calibration = report.putObject("calibration");
        calibration.put("idleCommitsPerSecond", round(idlePerSecond));
        int pollCount = 400;
        DatabaseCounters.Snapshot p0 = db.snapshot();
        long pollStart = System.nanoTime();
        pollIssued(pollCount);
        double pollSeconds = (System.nanoTime() - pollStart) / 1e9;
        DatabaseCounters.Snapshot p1 = db.snapshot();
        double secondsBetween = (p1.atNanos() - p0.atNanos()) / 1e9;
        double commitsPerPoll =
            Math.max(0, (p1.commitsSince(p0) - idlePerSecond * secondsBetween) / pollCount);
        double writesPerPoll = p1.rowWritesSince(p0) / (double) pollCount;
        calibration.put("commitsPerPoll", round(commitsPerPoll));
        calibration.put("rowWritesPerPoll", round(writesPerPoll));
        calibration.put("pollsPerSecondSequential8", round(pollCount / pollSeconds));
        // each journey's person is put into the simulated registry first (demo endpoint): its cost
        // is not the journey's
        int registrations = 200;
        DatabaseCounters.Snapshot r0 = db.snapshot();
        register(registrations);
        DatabaseCounters.Snapshot r1 = db.snapshot();
        commitsPerRegistration =
            Math.max(
                0,
                (r1.commitsSince(r0) - idlePerSecond * (r1.atNanos() - r0.atNanos()) / 1e9)
                    / registrations);
        writesPerRegistration = r1.rowWritesSince(r0) / (double) registrations;
        calibration.put("commitsPerRegistration", round(commitsPerRegistration));
        calibration.put("rowWritesPerRegistration", round(writesPerRegistration));
        log("calibration: " + calibration);

        // 3. rising client counts
        ArrayNode phases = report.putArray("phases");
        double best = 0;
        for (int clients : options.clients()) {
          topUpRegistry(best);
          db.resetStatements();
          long rereads0 = longPollRereads();
          DatabaseCounters.Snapshot before = db.snapshot();
          ObjectNode phase = closedLoop(clients, options.phaseSeconds(), db);
          DatabaseCounters.Snapshot after = db.snapshot();
          phase.put("longPollRereads", longPollRereads() - rereads0);
          perJourney(phase, before, after, idlePerSecond, commitsPerPoll);
          if (clients == options.clients().get(options.clients().size() / 2)
              || clients == options.clients().get(options.clients().size() - 1)) {
            phase.putPOJO(
                "topStatements", db.topStatements(15, Math.max(1, phase.get("journeys").asInt())));
          }
          phases.add(phase);
          best = Math.max(best, phase.get("journeysPerSecond").asDouble());
          log("phase: " + summary(phase));
        }

        // 4. half of the best throughput, paced arrivals
        double rate = best / 2;
        topUpRegistry(best);
        db.resetStatements();
        long rereads0 = longPollRereads();
        DatabaseCounters.Snapshot before = db.snapshot();
        ObjectNode paced = pacedLoop(rate, options.phaseSeconds(), db);
        DatabaseCounters.Snapshot after = db.snapshot();
        paced.put("longPollRereads", longPollRereads() - rereads0);
        perJourney(paced, before, after, idlePerSecond, commitsPerPoll);
        paced.putPOJO(
            "topStatements", db.topStatements(30, Math.max(1, paced.get("journeys").asInt())));
        report.set("paced", paced);
        log("paced: " + summary(paced));

        // 4b. the peak: apps polling every 250 ms, honouring Retry-After (issue 22)
        if (options.pollingClients() > 0) {
          topUpRegistry(Math.max(best, options.pollingClients() / 2.0));
          db.resetStatements();
          long rereadsPolling = longPollRereads();
          DatabaseCounters.Snapshot polling0 = db.snapshot();
          ObjectNode polling =
              closedLoop(options.pollingClients(), options.phaseSeconds(), db, false);
          DatabaseCounters.Snapshot polling1 = db.snapshot();
          polling.put("longPollRereads", longPollRereads() - rereadsPolling);
          perJourney(polling, polling0, polling1, idlePerSecond, commitsPerPoll);
          polling.put("polling", "GET every " + POLL_MILLIS + " ms, Retry-After honoured");
          report.set("polling", polling);
          log("polling: " + summary(polling));
        }

        // the ceilings again, while the service idles
        measureCeilingAgain("ceiling", ceiling, ceilingDb);
        measureCeilingAgain("ceilingSynchronous", synchronous, synchronousDb);

        // 5. checkpoints and the QR page
        online(db);

        // 6. timers of many certificates
        drain(db);
      }
    } finally {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Runtime.getRuntime().removeShutdownHook(stopService);
    }
  }

  // ---------------------------------------------------------------- the service

  private Path serviceJar() throws IOException {
    try (var files = Files.list(options.projectDir().resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("temporary-id-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no jar: run mvn -DskipTests package"));
    }
  }

  /** The service's process (its CPU time is read around the online phases). */
  private long servicePid;

  private Process startService() throws IOException {
    Path jar = serviceJar();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g",
                "-Xmx1g"));
    // BENCH_SERVICE_JAVA_OPTS: extra JVM options for the service, e.g. a flight recording
    String extra = System.getenv().getOrDefault("BENCH_SERVICE_JAVA_OPTS", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + options.port(),
            "--server.address=127.0.0.1",
            "--spring.profiles.active=demo,postgres",
            // one client address drives every journey: the per-address limits (for
            // carrier-grade NAT) would otherwise answer 429 after a few hundred
            "--tempid.limits.submission-per-address.max=100000000",
            "--tempid.limits.liveness-per-address.max=100000000",
            "--tempid.limits.lookup-per-address.max=100000000"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(options.outDir().resolve("service.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("TEMPID_DB_URL", jdbc("tempid"));
    env.put("TEMPID_DB_USER", "tempid");
    env.put("TEMPID_DB_PASSWORD", "tempid");
    env.put("TEMPID_HMAC_KEY", PostgresTestEnvironment.HMAC_KEY);
    env.put("TEMPID_ENCRYPTION_ACTIVE_KEY_ID", PostgresTestEnvironment.ENCRYPTION_KEY_ID);
    env.put("TEMPID_ENCRYPTION_KEY", PostgresTestEnvironment.ENCRYPTION_KEY);
    env.put("TEMPID_LIVENESS_CALLBACK_SECRET", PostgresTestEnvironment.LIVENESS_CALLBACK_SECRET);
    env.put("TEMPID_PUBLIC_BASE_URL", PostgresTestEnvironment.PUBLIC_BASE_URL);
    base = "http://127.0.0.1:" + options.port() + "/api/v1";
    log("service: " + String.join(" ", command.subList(1, command.size())));
    return builder.start();
  }

  private void waitUntilReady() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    String url = "http://127.0.0.1:" + options.port() + "/actuator/health/readiness";
    while (System.nanoTime() < until) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          log("service ready");
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("service not ready in 600 s: see service.log");
  }

  // ---------------------------------------------------------------- journeys

  /**
   * Before a phase: enough registry persons for twice the best rate so far (at least 400) for the
   * phase, added outside the measured window so that the phase's apps do not register inline.
   */
  private void topUpRegistry(double bestJourneysPerSecond) throws Exception {
    int wanted = (int) Math.max(400, 2 * bestJourneysPerSecond * options.phaseSeconds());
    int missing = wanted - registered.size();
    if (missing > 0) {
      register(missing);
    }
  }

  /** People in the simulated registry, registered before the measured phases. */
  private void register(int count) throws Exception {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      done.add(pool.submit(() -> registered.add(registerPerson())));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    log(count + " registry persons in " + round((System.nanoTime() - started) / 1e9) + " s");
  }

  private String registerPerson() throws Exception {
    String id = TestIdentities.randomIdNumber();
    post(base + "/demo/registry/persons", Map.of("name", "测试", "idNumber", id, "flags", List.of()));
    return id;
  }

  /** A guest application of a registered person, submitted (its id). */
  private String submitted(String idNumber) throws Exception {
    return post(
            base + "/applications",
            Map.of(
                "name",
                "测试",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                idNumber,
                "location",
                Map.of("latitude", 39.9042, "longitude", 116.4074, "accuracyMeters", 35),
                "consents",
                Map.of("identity", true, "biometric", true, "location", true)))
        .path("applicationId")
        .asText();
  }

  private String nextPerson() throws Exception {
    String id = registered.poll();
    if (id == null) {
      inlineRegistrations.incrementAndGet();
      return registerPerson();
    }
    return id;
  }

  /**
   * One app's journey: submit as a guest, the simulated PASS, then until ISSUED a long poll ({@code
   * Prefer: wait=20}, answered at each change) or, with {@code --poll=250ms}, a GET every 250 ms.
   */
  private Journey journey() throws Exception {
    return journey(options.longPoll());
  }

  private Journey journey(boolean longPoll) throws Exception {
    String id = nextPerson();
    long t0 = System.nanoTime();
    JsonNode app =
        post(
            base + "/applications",
            Map.of(
                "name",
                "测试",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                id,
                "location",
                Map.of("latitude", 39.9042, "longitude", 116.4074, "accuracyMeters", 35),
                "consents",
                Map.of("identity", true, "biometric", true, "location", true)),
            // a shed or timed-out submission is retried with the same key (API.md)
            "Idempotency-Key",
            java.util.UUID.randomUUID().toString());
    long submitted = System.nanoTime();
    long accepted = lastAttemptNanos.get();
    String appId = app.path("applicationId").asText();
    String token = app.path("applicantToken").asText();
    String session = app.path("liveness").path("sessionId").asText();
    post(base + "/demo/liveness/" + session, Map.of("outcome", "PASS"));
    int polls = 0;
    long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      JsonNode a;
      if (longPoll) {
        a =
            get(
                base + "/applications/" + appId,
                "X-Applicant-Token",
                token,
                "Prefer",
                "wait=" + LONG_POLL_SECONDS);
      } else {
        Thread.sleep(POLL_MILLIS);
        a = get(base + "/applications/" + appId, "X-Applicant-Token", token);
      }
      polls++;
      String status = a.path("status").asText();
      if ("ISSUED".equals(status)) {
        long issued = System.nanoTime();
        recentlyIssued.add(new Issued(appId, token, session, a.path("certificateId").asText()));
        return new Journey(
            (submitted - t0) / 1_000_000,
            (issued - t0) / 1_000_000,
            polls,
            (issued - accepted) / 1_000_000);
      }
      if (!"UNDER_REVIEW".equals(status) && !"AWAITING_LIVENESS".equals(status)) {
        throw new IllegalStateException("ended " + status + ": " + a);
      }
    }
    throw new IllegalStateException("not ISSUED within 120 s");
  }

  /** {@code clients} apps, each starting its next journey when the last one is ISSUED. */
  private ObjectNode closedLoop(int clients, int seconds, DatabaseCounters db) throws Exception {
    return closedLoop(clients, seconds, db, options.longPoll());
  }

  private ObjectNode closedLoop(int clients, int seconds, DatabaseCounters db, boolean longPoll)
      throws Exception {
    recentlyIssued.clear();
    shed.clear();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
    List<Journey> done = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong lastEnd = new AtomicLong(started);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      loops.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  try {
                    done.add(journey(longPoll));
                  } catch (Exception e) {
                    failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                  }
                  lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
                return null;
              }));
    }
    List<Long> backlog = sampleBacklogUntilDone(loops, db);
    pool.shutdown();
    double elapsed = (lastEnd.get() - started) / 1e9;
    ObjectNode phase = figures(done, failures, elapsed, backlog);
    phase.put("clients", clients);
    phase.put("longPoll", longPoll);
    return phase;
  }

  /** Journeys started at a fixed rate (open loop), whatever the service's answer times. */
  private ObjectNode pacedLoop(double perSecond, int seconds, DatabaseCounters db)
      throws Exception {
    recentlyIssued.clear();
    shed.clear();
    ExecutorService pool = Executors.newFixedThreadPool(256);
    long started = System.nanoTime();
    long intervalNanos = (long) (1e9 / perSecond);
    int total = (int) (perSecond * seconds);
    List<Journey> done = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong lastEnd = new AtomicLong(started);
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      long due = started + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      all.add(
          pool.submit(
              () -> {
                try {
                  done.add(journey());
                } catch (Exception e) {
                  failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                }
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                return null;
              }));
    }
    List<Long> backlog = sampleBacklogUntilDone(all, db);
    pool.shutdown();
    ObjectNode phase = figures(done, failures, (lastEnd.get() - started) / 1e9, backlog);
    phase.put("offeredJourneysPerSecond", round(perSecond));
    return phase;
  }

  private List<Long> sampleBacklogUntilDone(List<Future<?>> work, DatabaseCounters db)
      throws Exception {
    List<Long> backlog = new ArrayList<>();
    while (work.stream().anyMatch(f -> !f.isDone())) {
      if (db != null) {
        backlog.add(db.jobBacklog(Instant.now()));
      }
      Thread.sleep(1000);
    }
    for (Future<?> f : work) {
      f.get();
    }
    return backlog;
  }

  private ObjectNode figures(
      List<Journey> done, Map<String, Integer> failures, double seconds, List<Long> backlog) {
    ObjectNode phase = JSON.createObjectNode();
    List<Long> submit = done.stream().map(Journey::submitMillis).toList();
    List<Long> issued = done.stream().map(Journey::issuedMillis).toList();
    phase.put("journeys", done.size());
    phase.put("failed", failures.values().stream().mapToInt(Integer::intValue).sum());
    if (!failures.isEmpty()) {
      phase.putPOJO("failures", new TreeMap<>(failures));
    }
    phase.put("seconds", round(seconds));
    phase.put("journeysPerSecond", round(done.size() / seconds));
    phase.put("submitP50Millis", p(submit, 50));
    phase.put("submitP99Millis", p(submit, 99));
    phase.put("issuedP50Millis", p(issued, 50));
    phase.put("issuedP99Millis", p(issued, 99));
    phase.put("issuedMaxMillis", p(issued, 100));
    List<Long> fromAccepted = done.stream().map(Journey::acceptedToIssuedMillis).toList();
    phase.put("acceptedToIssuedP50Millis", p(fromAccepted, 50));
    phase.put("acceptedToIssuedP99Millis", p(fromAccepted, 99));
    long late =
        done.stream().filter(j -> j.acceptedToIssuedMillis() > UNFINISHED_SECONDS * 1000L).count()
            + failures.entrySet().stream()
                .filter(e -> e.getKey().startsWith("not ISSUED"))
                .mapToInt(Map.Entry::getValue)
                .sum();
    phase.put("unfinishedAfter60s", late);
    ObjectNode shedAnswers = phase.putObject("retriedAfterRetryAfter");
    new TreeMap<>(shed).forEach((kind, count) -> shedAnswers.put(kind, count.get()));
    phase.put("pollsPerJourney", round(done.stream().mapToInt(Journey::polls).average().orElse(0)));
    phase.put("polls", done.stream().mapToInt(Journey::polls).sum());
    phase.put("jobBacklogMax", backlog.stream().mapToLong(Long::longValue).max().orElse(0));
    phase.putPOJO("jobBacklogPerSecond", backlog);
    phase.put("inlineRegistrations", inlineRegistrations.getAndSet(0));
    phase.put("registryPersonsAddedFirst", true);
    return phase;
  }

  private void perJourney(
      ObjectNode phase,
      DatabaseCounters.Snapshot before,
      DatabaseCounters.Snapshot after,
      double idlePerSecond,
      double commitsPerPoll) {
    int journeys = Math.max(1, phase.get("journeys").asInt());
    long commits = after.commitsSince(before);
    // the settle time after the phase is idle: its background commits are not the journeys'
    double idle = idlePerSecond * DatabaseCounters.SETTLE_MILLIS / 1000.0;
    int polls = phase.get("polls").asInt();
    // a waiting long poll reads the application again at each signalled change (and at its
    // time-out): one read-only transaction each (ApplicationQueries.get), the poll's work too
    long rereads = phase.path("longPollRereads").asLong();
    int registrations = phase.get("inlineRegistrations").asInt();
    // a registry person added during the phase (when the ones added first ran out) costs what the
    // calibration measured: it is the benchmark's set-up, not the journey's
    double registering = registrations * commitsPerRegistration;
    phase.put("commitsPerJourneyWithPolls", round((commits - idle - registering) / journeys));
    phase.put("longPollRereadsPerJourney", round(rereads / (double) journeys));
    phase.put(
        "commitsPerJourney",
        round((commits - idle - registering - polls * commitsPerPoll - rereads) / journeys));
    phase.put(
        "rowWritesPerJourney",
        round((after.rowWritesSince(before) - registrations * writesPerRegistration) / journeys));
  }

  /**
   * The service's count of long-poll re-reads ({@code tempid.long-poll.rereads}), from its
   * Prometheus endpoint (the demo operator may read it). Taken outside the database windows: the
   * scrape's own gauges read the database.
   */
  private long longPollRereads() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + options.port() + "/actuator/prometheus"))
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return body.lines()
        .filter(l -> l.startsWith("tempid_long_poll_rereads_total"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Polls issued applications, 8 at a time, as the calibration of one poll's database cost. */
  private void pollIssued(int count) throws Exception {
    List<Issued> issued = new ArrayList<>(recentlyIssued);
    if (issued.isEmpty()) {
      issued.add(issueOne());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Issued one = issued.get(i % issued.size());
      done.add(
          pool.submit(
              () ->
                  get(
                      base + "/applications/" + one.applicationId(),
                      "X-Applicant-Token",
                      one.token())));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /** One journey, retried a few times (the warm-up may have issued nothing on a slow machine). */
  private Issued issueOne() throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        journey();
        return recentlyIssued.get(recentlyIssued.size() - 1);
      } catch (Exception e) {
        if (attempt == 4) {
          throw e;
        }
      }
    }
  }

  // ---------------------------------------------------------------- checkpoints and QR page

  private void online(DatabaseCounters db) throws Exception {
    ObjectNode online = report.putObject("online");
    if (!Wrk.available()) {
      online.put("skipped", "wrk is not installed (apt-get install wrk)");
      log("online: skipped, no wrk");
      return;
    }
    Wrk wrk = new Wrk(options.outDir());
    List<Issued> issued = new ArrayList<>(recentlyIssued);
    Collections.reverse(issued);
    List<String> views = new ArrayList<>();
    List<String> certificates = new ArrayList<>();
    for (Issued i : issued) {
      if (views.size() == 32) {
        break;
      }
      try {
        views.add(
            post(
                    base + "/certificates/" + i.certificate() + "/view-sessions",
                    Map.of("livenessSessionId", i.livenessSession()),
                    "X-Applicant-Token",
                    i.token())
                .path("viewSessionToken")
                .asText());
        certificates.add(i.certificate());
      } catch (Exception tooOld) {
        // the face check is older than 5 minutes (or the answer was lost): take the next one
      }
    }
    List<String> frames = currentFrames(certificates, views, options.wrkSeconds() + 5);
    String root = "http://127.0.0.1:" + options.port();
    Wrk.Result trivial =
        wrk.get(
            "trivial",
            root + "/actuator/health/liveness",
            List.of(List.of()),
            "UP",
            options.wrkSeconds());
    online.set("trivialEndpoint", JSON.valueToTree(trivial));
    // the yardstick issue 22 names: the public key set, read from the database and rendered, no
    // signature checked and nothing written; measured right before the verifications' warm-up.
    // Each of the two compared endpoints first runs unmeasured until steady: the JIT compiles a
    // path when it first gets busy, and in a cold 15 s run of the verifications the compiler
    // threads took a ninth of the machine's CPU (a node at the peak has long been warm)
    online.set(
        "verificationKeysWarmUp",
        wrkUntilSteady(
            "GET /verification-keys",
            seconds ->
                wrk.get(
                    "verification-keys",
                    base + "/verification-keys",
                    List.of(List.of()),
                    "Ed25519",
                    seconds)));
    CpuTimes cpu = new CpuTimes(servicePid);
    CpuTimes.Snapshot k0 = cpu.snapshot();
    Wrk.Result keysEndpoint =
        wrk.get(
            "verification-keys",
            base + "/verification-keys",
            List.of(List.of()),
            "Ed25519",
            options.wrkSeconds());
    online.set("verificationKeysEndpoint", JSON.valueToTree(keysEndpoint));
    online.set(
        "verificationKeysCpu",
        JSON.valueToTree(CpuTimes.perRequest(k0, cpu.snapshot(), keysEndpoint.requests())));
    online.set(
        "verificationsWarmUp",
        wrkUntilSteady(
            "POST /verifications",
            seconds ->
                wrk.verifications(
                    base + "/verifications",
                    "demo-checkpoint-key",
                    currentFrames(certificates, views, seconds + 5),
                    "ACCEPTED",
                    seconds)));
    Thread.sleep(500); // the warm-up's last requests (wrk does not wait for them) are committed
    long sightings0 = db.count("select count(*) from frame_sighting");
    long audits0 =
        db.count("select count(*) from personal_data_access where purpose = 'VERIFICATION'");
    frames = currentFrames(certificates, views, options.wrkSeconds() + 5);
    db.resetStatements();
    CpuTimes.Snapshot v0 = cpu.snapshot();
    Wrk.Result verify =
        wrk.verifications(
            base + "/verifications",
            "demo-checkpoint-key",
            frames,
            "ACCEPTED",
            options.wrkSeconds());
    online.set("verifications", JSON.valueToTree(verify));
    online.set(
        "verificationsCpu",
        JSON.valueToTree(CpuTimes.perRequest(v0, cpu.snapshot(), verify.requests())));
    // where a verification's database time goes: statements per verification
    online.set(
        "topStatements", JSON.valueToTree(db.topStatements(12, Math.max(1, verify.requests()))));
    online.set(
        "statementsByTime",
        JSON.valueToTree(db.statementsByTime(12, Math.max(1, verify.requests()))));
    online.set(
        "verificationsStatements",
        JSON.valueToTree(db.statementTotals(Math.max(1, verify.requests()))));
    Thread.sleep(2000); // a batch writer may still be flushing
    online.put("sightingsWritten", db.count("select count(*) from frame_sighting") - sightings0);
    online.put(
        "auditRowsWritten",
        db.count("select count(*) from personal_data_access where purpose = 'VERIFICATION'")
            - audits0);
    online.put("verificationsAccepted", verify.expected());
    List<List<String>> viewHeaders = new ArrayList<>();
    views.forEach(v -> viewHeaders.add(List.of("X-View-Session", v)));
    List<List<String>> pngHeaders = new ArrayList<>();
    views.forEach(v -> pngHeaders.add(List.of("X-View-Session", v, "Accept", "image/png")));
    String qrUrl = base + "/certificates/" + certificates.get(0) + "/qr";
    // every view session belongs to its own certificate: one URL per request would need one
    // script per certificate, so the QR runs use the first certificate's view session only
    online.set(
        "qrJson",
        JSON.valueToTree(
            wrk.get(
                "qr-json", qrUrl, List.of(viewHeaders.get(0)), "\"token\"", options.wrkSeconds())));
    online.set(
        "qrPng",
        JSON.valueToTree(
            wrk.get("qr-png", qrUrl, List.of(pngHeaders.get(0)), null, options.wrkSeconds())));
    log("online: " + online);
  }

  /** The current frame of each view session, fetched again if less than {@code validFor} s left. */
  private List<String> currentFrames(List<String> certificates, List<String> views, int validFor)
      throws Exception {
    for (int attempt = 0; attempt < 3; attempt++) {
      List<String> frames = new ArrayList<>();
      Instant earliestExpiry = Instant.MAX;
      for (int i = 0; i < views.size(); i++) {
        JsonNode f =
            get(
                base + "/certificates/" + certificates.get(i) + "/qr",
                "X-View-Session",
                views.get(i));
        frames.add(f.path("token").asText());
        Instant expires = Instant.parse(f.path("frameExpiresAt").asText());
        earliestExpiry = expires.isBefore(earliestExpiry) ? expires : earliestExpiry;
      }
      Instant now = Instant.parse(get(base + "/demo/clock").path("now").asText());
      long left = Duration.between(now, earliestExpiry).toSeconds();
      if (left >= validFor) {
        return frames;
      }
      Thread.sleep((left + 1) * 1000);
    }
    throw new IllegalStateException("no frame window long enough");
  }

  // ---------------------------------------------------------------- timer drain

  private void drain(DatabaseCounters db) throws Exception {
    ObjectNode drain = report.putObject("timerDrain");
    drain.put("certificates", options.timers());
    Instant now = Instant.parse(get(base + "/demo/clock").path("now").asText());
    Date opensAt = Date.from(now.plus(Duration.ofHours(2)));
    Date expiresAt = Date.from(now.plus(Duration.ofHours(5)));
    log("timer drain: seeding " + options.timers() + " certificate lifecycles");
    double seeded =
        TimerDrain.seed(jdbc("tempid"), "tempid", "tempid", options.timers(), opensAt, expiresAt);
    drain.put("seedSeconds", round(seeded));
    JsonNode moved = post(base + "/demo/clock", Map.of("advance", "PT2H1M"));
    Instant engineNow = Instant.parse(moved.path("now").asText());
    long started = System.nanoTime();
    List<Long> series = new ArrayList<>();
    long deadline = started + TimeUnit.MINUTES.toNanos(20);
    long backlog = db.jobBacklog(engineNow);
    series.add(backlog);
    while (backlog > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      backlog = db.jobBacklog(engineNow.plusNanos(System.nanoTime() - started));
      series.add(backlog);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    drain.put("drained", backlog == 0);
    drain.put("seconds", round(seconds));
    drain.put("timersPerSecond", round(options.timers() / seconds));
    long growth = 0;
    for (int i = 1; i < series.size(); i++) {
      growth = Math.max(growth, series.get(i) - series.get(i - 1));
    }
    drain.put("largestGrowthInOneSecond", growth);
    drain.set("backlogPerSecond", JSON.valueToTree(series));
    log("timer drain: " + round(seconds) + " s, " + round(options.timers() / seconds) + "/s");
  }

  // ---------------------------------------------------------------- targets

  private void targets() {
    // each target only from the parts this run measured (--only=online, --only=drain)
    ObjectNode t = report.putObject("targets");
    if (report.has("ceiling") && report.has("phases")) {
      journeyTargets(t);
    }
    verificationTargets(t);
    pollingTargets(t);
    JsonNode drain = report.path("timerDrain");
    if (drain.has("drained")) {
      boolean drained =
          drain.path("drained").asBoolean() && drain.path("largestGrowthInOneSecond").asLong() <= 0;
      target(t, "timersDrainedWithoutGrowth", drained, "drained, never growing", drained);
    }
  }

  private void journeyTargets(ObjectNode t) {
    double ceiling = report.path("ceiling").path("journeysPerSecond").asDouble();
    double best = 0;
    double worstCommits = 0;
    double worstWrites = 0;
    for (JsonNode phase : report.path("phases")) {
      best = Math.max(best, phase.path("journeysPerSecond").asDouble());
      worstCommits = Math.max(worstCommits, phase.path("commitsPerJourney").asDouble());
      worstWrites = Math.max(worstWrites, phase.path("rowWritesPerJourney").asDouble());
    }
    // the commits and row writes at the paced half rate count too: job acquisition and connection
    // checks are per job and per request, not per batch, when the service is not busy
    JsonNode paced = report.path("paced");
    if (paced.has("commitsPerJourney")) {
      worstCommits = Math.max(worstCommits, paced.path("commitsPerJourney").asDouble());
      worstWrites = Math.max(worstWrites, paced.path("rowWritesPerJourney").asDouble());
    }
    target(t, "journeysOfCeiling", round(best / ceiling), ">= 0.5", best / ceiling >= 0.5);
    // issue 22: against the bare engine that waits only where a provider is called, the best of
    // every service phase, the apps polling every 250 ms included
    double synchronous = report.path("ceilingSynchronous").path("journeysPerSecond").asDouble();
    double bestOfAll = Math.max(best, report.path("polling").path("journeysPerSecond").asDouble());
    if (synchronous > 0) {
      target(
          t,
          "journeysOfCeilingWithoutContinuations",
          round(bestOfAll / synchronous),
          ">= 0.5 (best service phase, of the bare engine without continuations)",
          bestOfAll / synchronous >= 0.5);
    }
    long p99 = report.path("paced").path("issuedP99Millis").asLong();
    target(t, "issuedP99MillisAtHalfThroughput", p99, "<= 2000", p99 <= 2000);
    target(t, "commitsPerJourney", worstCommits, "<= 8", worstCommits <= 8);
    target(t, "rowWritesPerJourney", worstWrites, "<= 120", worstWrites <= 120);
  }

  /** The long-poll phase the polling phase is compared with: same app count, else the best. */
  private JsonNode longPollPhaseFor(int clients) {
    JsonNode best = null;
    for (JsonNode phase : report.path("phases")) {
      if (phase.path("clients").asInt() == clients) {
        return phase;
      }
      if (best == null
          || phase.path("journeysPerSecond").asDouble()
              > best.path("journeysPerSecond").asDouble()) {
        best = phase;
      }
    }
    return best;
  }

  /** Issue 22's targets of the peak: apps polling every 250 ms, honouring Retry-After. */
  private void pollingTargets(ObjectNode t) {
    JsonNode polling = report.path("polling");
    if (!polling.has("journeysPerSecond")) {
      return;
    }
    long p99 = polling.path("acceptedToIssuedP99Millis").asLong();
    target(t, "pollingIssuedP99Millis", p99, "<= 2000 (from the accepted submission)", p99 <= 2000);
    long unfinished = polling.path("unfinishedAfter60s").asLong();
    target(t, "pollingUnfinishedAfter60s", unfinished, "0", unfinished == 0);
    JsonNode longPoll = longPollPhaseFor(polling.path("clients").asInt());
    if (longPoll != null && longPoll.path("journeysPerSecond").asDouble() > 0) {
      double ratio =
          polling.path("journeysPerSecond").asDouble()
              / longPoll.path("journeysPerSecond").asDouble();
      target(
          t,
          "pollingOfLongPoll",
          round(ratio),
          ">= 0.9 (long-poll phase of " + longPoll.path("clients").asInt() + " apps)",
          ratio >= 0.9);
    }
  }

  /**
   * The figures of each phase side by side, with their ratios to both ceilings: into the report
   * ({@code headline}) and printed (stderr) as a table.
   */
  private void headline() {
    double ceiling = report.path("ceiling").path("journeysPerSecond").asDouble();
    double synchronous = report.path("ceilingSynchronous").path("journeysPerSecond").asDouble();
    ArrayNode rows = report.putArray("headline");
    List<Map.Entry<String, JsonNode>> phases = new ArrayList<>();
    for (JsonNode phase : report.path("phases")) {
      phases.add(Map.entry("long poll, " + phase.path("clients").asInt() + " apps", phase));
    }
    if (report.path("paced").has("journeysPerSecond")) {
      phases.add(Map.entry("long poll, paced at half the best", report.path("paced")));
    }
    if (report.path("polling").has("journeysPerSecond")) {
      phases.add(
          Map.entry(
              "polling 250 ms, " + report.path("polling").path("clients").asInt() + " apps",
              report.path("polling")));
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-36s %9s %8s %8s %10s %10s %10s %7s %s%n",
            "phase",
            "journ./s",
            "/ceil.",
            "/sync",
            "acc→ISS50",
            "acc→ISS99",
            "unfin.60s",
            "failed",
            "retried (Retry-After)"));
    table.append(
        String.format("%-36s %9s%n", "ceiling (bare engine, continuations)", round(ceiling)));
    table.append(
        String.format(
            "%-36s %9s%n", "ceiling (bare engine, no continuations)", round(synchronous)));
    for (Map.Entry<String, JsonNode> e : phases) {
      JsonNode phase = e.getValue();
      double rate = phase.path("journeysPerSecond").asDouble();
      ObjectNode row = rows.addObject();
      row.put("phase", e.getKey());
      row.put("journeysPerSecond", rate);
      row.put("ofCeiling", ceiling > 0 ? round(rate / ceiling) : 0);
      row.put("ofCeilingWithoutContinuations", synchronous > 0 ? round(rate / synchronous) : 0);
      row.put("acceptedToIssuedP50Millis", phase.path("acceptedToIssuedP50Millis").asLong());
      row.put("acceptedToIssuedP99Millis", phase.path("acceptedToIssuedP99Millis").asLong());
      row.put("unfinishedAfter60s", phase.path("unfinishedAfter60s").asLong());
      row.put("failed", phase.path("failed").asLong());
      row.set("retriedAfterRetryAfter", phase.path("retriedAfterRetryAfter"));
      table.append(
          String.format(
              "%-36s %9s %8s %8s %10d %10d %10d %7d %s%n",
              e.getKey(),
              round(rate),
              row.get("ofCeiling").asText(),
              row.get("ofCeilingWithoutContinuations").asText(),
              row.get("acceptedToIssuedP50Millis").asLong(),
              row.get("acceptedToIssuedP99Millis").asLong(),
              row.get("unfinishedAfter60s").asLong(),
              row.get("failed").asLong(),
              phase.path("retriedAfterRetryAfter")));
    }
    JsonNode online = report.path("online");
    if (online.has("verifications")) {
      double v = online.path("verifications").path("perSecond").asDouble();
      double keys = online.path("verificationKeysEndpoint").path("perSecond").asDouble();
      double trivial = online.path("trivialEndpoint").path("perSecond").asDouble();
      ObjectNode row = rows.addObject();
      row.put("phase", "online verification, 16 connections");
      row.put("verificationsPerSecond", v);
      row.put("ofVerificationKeys", keys > 0 ? round(v / keys) : 0);
      row.put("ofTrivialEndpoint", trivial > 0 ? round(v / trivial) : 0);
      row.put("p99Millis", online.path("verifications").path("p99Millis").asDouble());
      row.put(
          "verificationKeysP99Millis",
          online.path("verificationKeysEndpoint").path("p99Millis").asDouble());
      table.append(
          String.format(
              "%-36s %9s verifications/s, %s of GET /verification-keys (%s/s), %s of the"
                  + " liveness probe (%s/s); p99 %s ms against %s ms%n",
              "online verification",
              round(v),
              row.get("ofVerificationKeys").asText(),
              round(keys),
              row.get("ofTrivialEndpoint").asText(),
              round(trivial),
              row.get("p99Millis").asText(),
              row.get("verificationKeysP99Millis").asText()));
    }
    log("figures:\n" + table);
  }

  private void verificationTargets(ObjectNode t) {
    JsonNode online = report.path("online");
    if (online.has("verifications")) {
      double v = online.path("verifications").path("perSecond").asDouble();
      double keys = online.path("verificationKeysEndpoint").path("perSecond").asDouble();
      target(
          t,
          "verificationsOfVerificationKeys",
          round(v / keys),
          ">= 0.5 (of GET /verification-keys in the same run)",
          v / keys >= 0.5);
      double vp99 = online.path("verifications").path("p99Millis").asDouble();
      double keysP99 = online.path("verificationKeysEndpoint").path("p99Millis").asDouble();
      target(
          t,
          "verificationP99OfVerificationKeysP99",
          round(vp99 / keysP99),
          "<= 2 (p99 within twice that of GET /verification-keys)",
          vp99 <= 2 * keysP99);
      long accepted = online.path("verificationsAccepted").asLong();
      long requests = online.path("verifications").path("requests").asLong();
      long sightings = online.path("sightingsWritten").asLong();
      // wrk counts the answers it read before its time was up; up to one request per connection
      // (16) was still in flight and was answered (and written) after that
      boolean all =
          accepted == requests
              && sightings == online.path("auditRowsWritten").asLong()
              && sightings >= accepted
              && sightings <= accepted + 16;
      target(
          t,
          "everySightingAndAuditWritten",
          all,
          "each accepted answer has its sighting and audit row (sightings = audits; at most 16"
              + " more: requests in flight when wrk stopped)",
          all);
    }
  }

  private static void target(ObjectNode t, String name, Object value, String goal, boolean met) {
    ObjectNode n = t.putObject(name);
    n.putPOJO("value", value);
    n.put("goal", goal);
    n.put("met", met);
  }

  // ---------------------------------------------------------------- plumbing

  /** The job executor settings packaged in the service's jar (its application.yml). */
  private BareEngineCeiling.JobExecutorSettings jobExecutorSettings() throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(serviceJar().toFile());
        InputStream in = zip.getInputStream(zip.getEntry("BOOT-INF/classes/application.yml"))) {
      Map<String, Object> yaml = new Yaml().load(in);
      Map<?, ?> jobs =
          (Map<?, ?>)
              ((Map<?, ?>) ((Map<?, ?>) yaml.get("camunda")).get("bpm")).get("job-execution");
      return new BareEngineCeiling.JobExecutorSettings(
          intOf(jobs, "core-pool-size", 3),
          intOf(jobs, "max-pool-size", 10),
          intOf(jobs, "queue-capacity", 3),
          intOf(jobs, "max-jobs-per-acquisition", 3),
          intOf(jobs, "wait-time-in-millis", 5000),
          intOf(jobs, "max-wait", 60000),
          String.valueOf(
              ((Map<?, ?>)
                      ((Map<?, ?>)
                              ((Map<?, ?>) ((Map<?, ?>) yaml.get("camunda")).get("bpm"))
                                  .get("generic-properties"))
                          .get("properties"))
                  .get("historyRemovalTimeStrategy")));
    }
  }

  private static int intOf(Map<?, ?> map, String key, int otherwise) {
    Object v = map.get(key);
    return v == null ? otherwise : Integer.parseInt(v.toString());
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    try {
      m.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (IOException e) {
      m.put("loadAverage", "unknown");
    }
    return m;
  }

  private static String summary(ObjectNode phase) {
    ObjectNode copy = phase.deepCopy();
    copy.remove("jobBacklogPerSecond");
    copy.remove("topStatements");
    return copy.toString();
  }

  JsonNode post(String url, Object body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return send(request, headers);
  }

  JsonNode get(String url, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  private JsonNode send(HttpRequest.Builder request, String... headers) throws Exception {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response;
    for (int attempt = 1; ; attempt++) {
      lastAttemptNanos.set(System.nanoTime());
      response = sendOnce(built);
      long retryAfter = retryAfterSeconds(response);
      if (retryAfter < 0 || attempt >= MAX_ATTEMPTS) {
        break;
      }
      // shed (or refused for now): as an app must, wait what Retry-After says and send it again
      shed.computeIfAbsent(kind(built) + " " + response.statusCode(), k -> new AtomicLong())
          .incrementAndGet();
      Thread.sleep(
          retryAfter * 1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(250));
    }
    if (response.statusCode() >= 300) {
      String body = response.body();
      throw new IllegalStateException(
          response.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) : body));
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  /** Attempts of one request that is answered 429/503 with Retry-After. */
  static final int MAX_ATTEMPTS = 60;

  private HttpResponse<String> sendOnce(HttpRequest built) throws Exception {
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      // a kept-alive connection the server had just closed: the request never arrived
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Seconds to wait before sending again (429 or 503 with a short Retry-After), else -1. */
  private static long retryAfterSeconds(HttpResponse<String> response) {
    if (response.statusCode() != 429 && response.statusCode() != 503) {
      return -1;
    }
    try {
      long seconds =
          Long.parseLong(response.headers().firstValue("Retry-After").orElse("-1").trim());
      return seconds >= 0 && seconds <= 10 ? seconds : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String kind(HttpRequest request) {
    String path = request.uri().getPath();
    if (path.endsWith("/applications") && "POST".equals(request.method())) {
      return "submit";
    }
    if (path.contains("/liveness/")) {
      return "liveness";
    }
    return "GET".equals(request.method()) ? "poll" : "other";
  }

  static long p(List<Long> values, int percentile) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index =
        Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index));
  }

  static double round(double value) {
    return DatabaseCounters.round(value, 2);
  }

  private static void log(String message) {
    System.err.println("[bench " + Instant.now() + "] " + message);
  }
}
