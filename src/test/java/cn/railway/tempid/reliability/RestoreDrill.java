package cn.railway.tempid.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario g, the restore drill (issue 23): nobody had ever restored the database. Under load, a
 * base backup ({@code pg_basebackup}) of the primary, whose finished WAL segments are archived
 * ({@link DebianPostgres#enableArchiving}); a named restore point later, more load after it; then
 *
 * <ol>
 *   <li>a point-in-time restore to the restore point (the backup, {@code restore_command} from the
 *       archive, {@code recovery_target_name}, promote) on a new port, one node of the jar started
 *       on it, and the restored database checked: complete up to the target and nothing after it
 *       (against what the clients saw), consistent (every {@code ISSUED} application has its
 *       certificate, every active certificate its lifecycle instance, no orphan jobs or instances,
 *       the status list as the certificates say), and serving a new journey to {@code ISSUED};
 *   <li>a "disaster" restore: the same backup and only the segments that were in the archive at a
 *       moment under load (the primary's disk lost then), replayed to the end: how many
 *       acknowledged applications that loses, bounded by {@code archive_timeout}.
 * </ol>
 *
 * RPO and RTO are printed as figures. The nodes of the run are stopped before the restore (the old
 * site is gone); the primary keeps running, untouched.
 */
final class RestoreDrill {
  static final String ID = "g";
  static final String RESTORE_POINT = "drill";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The checkpoint key the demo profile creates (the status list is for checkpoints). */
  private static final String DEMO_CHECKPOINT_KEY = "demo-checkpoint-key";

  /** Consistency checks of a restored database, as an operator runs them (docs/operations.md). */
  static final String ISSUED_WITHOUT_CERTIFICATE =
      "select count(*) from application a where a.status = 'ISSUED'"
          + " and not exists (select 1 from certificate c where c.application_id = a.id)";

  static final String ACTIVE_WITHOUT_LIFECYCLE =
      "select count(*) from certificate c where c.status = 'ACTIVE' and c.expires_at > ?"
          + " and not exists (select 1 from act_ru_execution e"
          + " join act_re_procdef d on d.id_ = e.proc_def_id_"
          + " where e.id_ = e.proc_inst_id_ and d.key_ = 'temporary-id-certificate'"
          + " and e.business_key_ = c.id)";

  static final String ORPHAN_JOBS =
      "select count(*) from act_ru_job j where j.process_instance_id_ is not null"
          + " and not exists (select 1 from act_ru_execution e"
          + " where e.id_ = j.process_instance_id_)";

  static final String ORPHAN_INSTANCES =
      "select count(*) from act_ru_execution e join act_re_procdef d on d.id_ = e.proc_def_id_"
          + " where e.id_ = e.proc_inst_id_ and ("
          + "(d.key_ = 'temporary-id-certificate'"
          + " and not exists (select 1 from certificate c where c.id = e.business_key_))"
          + " or (d.key_ = 'temporary-id-application'"
          + " and not exists (select 1 from application a where a.id = e.business_key_)))";

  static final String WITHDRAWN_STILL_VALID =
      "select id from certificate where status in ('SUPERSEDED', 'REVOKED') and expires_at > ?";

  /** Where and how: ports of the two restored servers and of the restored node, timings. */
  record Plan(
      Path jar,
      Path base,
      Path logs,
      Path archive,
      Duration archiveTimeout,
      List<Integer> restorePgPorts,
      int restoreNodePort,
      int clients,
      Duration startTimeout) {}

  private RestoreDrill() {}

  static void run(Cluster cluster, Figures figures, DebianPostgres primary, Plan plan) {
    Path backup = plan.base().resolve("base-backup");
    Path archiveAtDisaster = plan.base().resolve("archive-at-disaster");
    figures.note(
        ID,
        "WAL archive of "
            + primary.name()
            + " in "
            + plan.archive()
            + ", archive_timeout "
            + plan.archiveTimeout().toSeconds()
            + " s; load with "
            + plan.clients()
            + " clients");

    Journeys journeys = new Journeys(cluster, Duration.ofMinutes(4));
    Load load = new Load(journeys, plan.clients());
    List<Journeys.Journey> all;
    long targetRequested;
    long targetCreated;
    long disasterNanos;
    List<Journeys.Journey> revokedBefore = new ArrayList<>();
    List<Journeys.Journey> revokedAfter = new ArrayList<>();
    int archivedAtDisaster;
    try {
      Journeys.sleep(Duration.ofSeconds(5));
      int acceptedBefore = journeys.accepted();
      long backupStarted = System.nanoTime();
      primary.baseBackup(backup);
      figures.info(
          ID,
          "base backup (pg_basebackup -X stream) under load took",
          Figures.seconds((System.nanoTime() - backupStarted) / 1_000_000));
      figures.info(
          ID,
          "journeys accepted while the backup ran / base backup size",
          (journeys.accepted() - acceptedBefore) + " / " + megabytes(backup));
      Journeys.sleep(Duration.ofSeconds(10));
      revoke(cluster, figures, journeys, revokedBefore, 2, Long.MAX_VALUE, List.of());
      targetRequested = System.nanoTime();
      String lsn = primary.createRestorePoint(RESTORE_POINT);
      targetCreated = System.nanoTime();
      figures.note(
          ID,
          "restore point '"
              + RESTORE_POINT
              + "' at "
              + lsn
              + " ("
              + Instant.now()
              + "), "
              + journeys.accepted()
              + " journeys accepted so far");
      Journeys.sleep(Duration.ofSeconds(1));
      revoke(cluster, figures, journeys, revokedAfter, 1, targetRequested, revokedBefore);
      Journeys.sleep(Duration.ofSeconds(12));
      disasterNanos = System.nanoTime();
      archivedAtDisaster = snapshot(plan.archive(), archiveAtDisaster);
      figures.note(
          ID,
          "disaster: the archive as it is now ("
              + archivedAtDisaster
              + " files) is all a restore gets; load goes on 3 s");
      Journeys.sleep(Duration.ofSeconds(3));
    } finally {
      all = load.stopAndWait(Duration.ofMinutes(5));
    }
    figures.info(
        ID,
        "journeys run / accepted / issued",
        all.size() + " / " + journeys.accepted() + " / " + journeys.issued());
    awaitArchived(primary, plan.archive());
    Duration clockOffset = cluster.clockOffset();
    cluster.close();
    figures.note(ID, "the run's nodes stopped: the old site is gone");

    pointInTimeRestore(
        figures,
        primary,
        plan,
        backup,
        clockOffset,
        all,
        targetRequested,
        targetCreated,
        revokedBefore,
        revokedAfter);
    disasterRestore(figures, primary, plan, backup, archiveAtDisaster, all, disasterNanos);
  }

  private static void pointInTimeRestore(
      Figures figures,
      DebianPostgres primary,
      Plan plan,
      Path backup,
      Duration clockOffset,
      List<Journeys.Journey> all,
      long targetRequested,
      long targetCreated,
      List<Journeys.Journey> revokedBefore,
      List<Journeys.Journey> revokedAfter) {
    DebianPostgres restored = null;
    Cluster service = null;
    try {
      long started = System.nanoTime();
      restored =
          DebianPostgres.restore(
              primary,
              backup,
              plan.archive(),
              RESTORE_POINT,
              plan.base(),
              "restored",
              plan.restorePgPorts().get(0),
              Duration.ofMinutes(10));
      restored.awaitPromotion(Duration.ofMinutes(10));
      long promoted = System.nanoTime();
      service =
          Cluster.of(
              plan.jar(),
              List.of(plan.restoreNodePort()),
              restored.jdbcUrl("tempid"),
              Cluster.DB_USER,
              Cluster.DB_PASSWORD,
              plan.logs().resolve("restored"),
              List.of());
      service.startAll(plan.startTimeout());
      long ready = System.nanoTime();
      if (!clockOffset.isZero()) {
        service.advanceClock(clockOffset);
      }
      figures.info(
          ID,
          "RTO: restore (copy of the base backup, WAL replay to the restore point, promotion)",
          Figures.seconds((promoted - started) / 1_000_000));
      figures.info(
          ID,
          "RTO: service start on the restored database until readiness UP",
          Figures.seconds((ready - promoted) / 1_000_000));
      figures.info(
          ID,
          "RTO: start of the restore until the restored service is ready",
          Figures.seconds((ready - started) / 1_000_000));

      Ledger ledger = new Ledger(service);
      List<Journeys.Journey> accepted = all.stream().filter(Journeys.Journey::accepted).toList();
      Map<String, String> statuses =
          ledger.applicationStatuses(accepted.stream().map(j -> j.applicationId).toList());
      List<Journeys.Journey> acknowledgedBefore =
          accepted.stream().filter(j -> j.acceptedNanos < targetRequested).toList();
      List<Journeys.Journey> sentAfter =
          accepted.stream().filter(j -> j.submitSentNanos > targetCreated).toList();
      List<Journeys.Journey> inFlight =
          accepted.stream()
              .filter(j -> j.acceptedNanos >= targetRequested && j.submitSentNanos <= targetCreated)
              .toList();
      long missing =
          acknowledgedBefore.stream().filter(j -> !statuses.containsKey(j.applicationId)).count();
      figures.info(
          ID,
          "applications acknowledged (201) before the restore point / sent after it / in flight",
          acknowledgedBefore.size() + " / " + sentAfter.size() + " / " + inFlight.size());
      figures.atMost(
          ID,
          "RPO of the restore to the restore point: applications acknowledged before it, missing",
          missing,
          0);
      figures.atMost(
          ID,
          "applications ISSUED (as clients saw) before the restore point, not ISSUED restored",
          all.stream()
              .filter(j -> j.issued() && j.finishedNanos < targetRequested)
              .filter(j -> !"ISSUED".equals(statuses.get(j.applicationId)))
              .count(),
          0);
      figures.atMost(
          ID,
          "applications first sent after the restore point, present restored",
          sentAfter.stream().filter(j -> statuses.containsKey(j.applicationId)).count(),
          0);
      figures.info(
          ID,
          "applications in flight at the restore point, present restored",
          inFlight.stream().filter(j -> statuses.containsKey(j.applicationId)).count()
              + " of "
              + inFlight.size());
      Map<String, String> certificates =
          certificateStatuses(
              service,
              Stream.concat(revokedBefore.stream(), revokedAfter.stream())
                  .map(j -> j.certificateId)
                  .toList());
      figures.check(
          ID,
          "certificates revoked before / after the restore point, restored as",
          revokedBefore.stream().map(j -> certificates.get(j.certificateId)).toList()
              + " / "
              + revokedAfter.stream().map(j -> certificates.get(j.certificateId)).toList(),
          "REVOKED / ACTIVE",
          revokedBefore.stream().allMatch(j -> "REVOKED".equals(certificates.get(j.certificateId)))
              && revokedAfter.stream()
                  .allMatch(j -> "ACTIVE".equals(certificates.get(j.certificateId))));

      Instant now = service.now();
      figures.atMost(
          ID,
          "ISSUED applications without their certificate",
          count(service, ISSUED_WITHOUT_CERTIFICATE, null),
          0);
      figures.atMost(
          ID,
          "active certificates without their lifecycle process instance",
          count(service, ACTIVE_WITHOUT_LIFECYCLE, now),
          0);
      figures.atMost(
          ID,
          "orphan jobs (ACT_RU_JOB without its process instance)",
          count(service, ORPHAN_JOBS, null),
          0);
      figures.atMost(
          ID,
          "orphan process instances (no application or certificate row)",
          count(service, ORPHAN_INSTANCES, null),
          0);
      Set<String> inDatabase = withdrawnStillValid(service, now);
      Set<String> listed = statusList(service);
      Set<String> differ = new TreeSet<>(inDatabase);
      differ.addAll(listed);
      Set<String> both = new HashSet<>(inDatabase);
      both.retainAll(listed);
      differ.removeAll(both);
      figures.check(
          ID,
          "status list (GET /api/v1/status-list) vs revoked/superseded certificates in the database",
          listed.size()
              + " listed, "
              + inDatabase.size()
              + " in the database, "
              + differ.size()
              + " differ",
          "0 differ",
          differ.isEmpty() && listed.size() == inDatabase.size());
      figures.info(
          ID, "incidents / failed jobs restored", ledger.incidents() + " / " + ledger.failedJobs());
      Journeys.Journey fresh = new Journeys(service, Duration.ofMinutes(3)).journey(1_000_000);
      figures.check(
          ID,
          "a new journey on the restored service",
          fresh.status + (fresh.failure == null ? "" : " (" + fresh.failure + ")"),
          "ISSUED",
          fresh.issued());
    } finally {
      if (service != null) {
        service.close();
      }
      stopAndKeepLog(restored, plan.logs());
    }
  }

  private static void disasterRestore(
      Figures figures,
      DebianPostgres primary,
      Plan plan,
      Path backup,
      Path archiveAtDisaster,
      List<Journeys.Journey> all,
      long disasterNanos) {
    DebianPostgres restored = null;
    try {
      long started = System.nanoTime();
      restored =
          DebianPostgres.restore(
              primary,
              backup,
              archiveAtDisaster,
              null,
              plan.base(),
              "restored-from-archive",
              plan.restorePgPorts().get(1),
              Duration.ofMinutes(10));
      restored.awaitPromotion(Duration.ofMinutes(10));
      figures.info(
          ID,
          "disaster restore (base backup + archive only, to its end) took",
          Figures.seconds((System.nanoTime() - started) / 1_000_000));
      Cluster database =
          Cluster.of(
              plan.jar(),
              List.of(),
              restored.jdbcUrl("tempid"),
              Cluster.DB_USER,
              Cluster.DB_PASSWORD,
              plan.logs(),
              List.of());
      List<Journeys.Journey> acknowledged =
          all.stream().filter(j -> j.accepted() && j.acceptedNanos < disasterNanos).toList();
      Map<String, String> statuses =
          new Ledger(database)
              .applicationStatuses(acknowledged.stream().map(j -> j.applicationId).toList());
      List<Journeys.Journey> lost =
          acknowledged.stream().filter(j -> !statuses.containsKey(j.applicationId)).toList();
      long window =
          lost.stream()
              .mapToLong(j -> (disasterNanos - j.acceptedNanos) / 1_000_000)
              .max()
              .orElse(0);
      figures.info(
          ID,
          "RPO of a restore from the archive only: applications acknowledged before the disaster,"
              + " lost",
          lost.size() + " of " + acknowledged.size());
      figures.withinMillis(
          ID,
          "RPO of a restore from the archive only: oldest lost acknowledgement before the disaster",
          window,
          plan.archiveTimeout().toMillis() + 10_000);
      figures.info(
          ID,
          "applications ISSUED (as clients saw) before the disaster, not ISSUED restored",
          all.stream()
              .filter(j -> j.issued() && j.finishedNanos < disasterNanos)
              .filter(j -> !"ISSUED".equals(statuses.get(j.applicationId)))
              .count());
    } finally {
      stopAndKeepLog(restored, plan.logs());
    }
  }

  /** Journeys with a number of clients until stopped; every journey started runs to its end. */
  private static final class Load {
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();
    private final List<Journeys.Journey> done =
        java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    Load(Journeys journeys, int clientCount) {
      pool = Executors.newFixedThreadPool(clientCount);
      AtomicInteger next = new AtomicInteger();
      for (int i = 0; i < clientCount; i++) {
        clients.add(
            pool.submit(
                () -> {
                  while (running) {
                    done.add(journeys.journey(next.getAndIncrement()));
                  }
                }));
      }
    }

    List<Journeys.Journey> stopAndWait(Duration timeout) {
      running = false;
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        for (Future<?> f : clients) {
          f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        throw new IllegalStateException("journeys did not finish", e);
      } finally {
        pool.shutdownNow();
      }
      synchronized (done) {
        return List.copyOf(done);
      }
    }
  }

  /**
   * Revokes {@code count} certificates of issued journeys (a face re-verification and the holder's
   * revocation) issued before {@code issuedBeforeNanos} and not revoked already: the status list
   * then has entries to compare.
   */
  private static void revoke(
      Cluster cluster,
      Figures figures,
      Journeys load,
      List<Journeys.Journey> into,
      int count,
      long issuedBeforeNanos,
      List<Journeys.Journey> revokedAlready) {
    List<Journeys.Journey> candidates =
        load.started().stream()
            .filter(j -> j.issued() && j.certificateId != null && j.certificateId.length() > 0)
            .filter(j -> j.finishedNanos < issuedBeforeNanos)
            .filter(j -> !into.contains(j) && !revokedAlready.contains(j))
            .toList();
    for (Journeys.Journey j : candidates) {
      if (into.size() >= count) {
        return;
      }
      ServiceNode n = cluster.live().get(0);
      Client.Reply session =
          Client.post(
              n.name(),
              n.baseUrl(),
              "/api/v1/certificates/" + j.certificateId + "/reverifications",
              Map.of(),
              TIMEOUT,
              "X-Applicant-Token",
              j.applicantToken);
      String sessionId = session.text("sessionId");
      Client.Reply passed =
          session.status() != 201
              ? session
              : Client.post(
                  n.name(),
                  n.baseUrl(),
                  "/api/v1/demo/liveness/" + sessionId,
                  Map.of("outcome", "PASS"),
                  TIMEOUT);
      Client.Reply revoked =
          passed.status() != 204
              ? passed
              : Client.post(
                  n.name(),
                  n.baseUrl(),
                  "/api/v1/certificates/" + j.certificateId + "/revocation",
                  Map.of("livenessSessionId", sessionId, "reason", "ID_CARD_FOUND"),
                  TIMEOUT,
                  "X-Applicant-Token",
                  j.applicantToken);
      if (revoked.status() == 200) {
        into.add(j);
      } else {
        figures.note(ID, "revocation of " + j.certificateId + " not done: " + revoked);
      }
    }
  }

  /**
   * What a restore gets when the primary's disk is lost now: a copy (hard links) of the segments
   * archived so far, not the one being copied ({@code .tmp}).
   */
  private static int snapshot(Path archive, Path copy) {
    try {
      Files.createDirectories(copy);
      int files = 0;
      try (Stream<Path> segments = Files.list(archive)) {
        for (Path segment : segments.toList()) {
          if (segment.getFileName().toString().endsWith(".tmp")) {
            continue;
          }
          try {
            Files.createLink(copy.resolve(segment.getFileName()), segment);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(segment, copy.resolve(segment.getFileName()));
          }
          files++;
        }
      }
      return files;
    } catch (IOException e) {
      throw new IllegalStateException("archive not copied", e);
    }
  }

  /** Finishes the current segment and waits until it is in the archive (the restore needs it). */
  private static void awaitArchived(DebianPostgres primary, Path archive) {
    String segment = primary.switchWal();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(archive.resolve(segment))) {
        return;
      }
      Journeys.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("WAL segment " + segment + " not archived within 2 minutes");
  }

  private static Map<String, String> certificateStatuses(Cluster cluster, List<String> ids) {
    Map<String, String> statuses = new java.util.HashMap<>();
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement("select status from certificate where id = ?")) {
      for (String id : ids) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          statuses.put(id, r.next() ? r.getString(1) : "missing");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("certificates not read", e);
    }
    return statuses;
  }

  private static long count(Cluster cluster, String sql, Instant now) {
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (now != null) {
        s.setTimestamp(1, Timestamp.from(now));
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }

  private static Set<String> withdrawnStillValid(Cluster cluster, Instant now) {
    Set<String> ids = new HashSet<>();
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement(WITHDRAWN_STILL_VALID)) {
      s.setTimestamp(1, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("certificates not read", e);
    }
    return ids;
  }

  /** The certificate ids of the JSON status list of the (first) node, as a checkpoint reads it. */
  private static Set<String> statusList(Cluster cluster) {
    ServiceNode n = cluster.live().get(0);
    Client.Reply list =
        Client.get(
            n.name(),
            n.baseUrl(),
            "/api/v1/status-list",
            TIMEOUT,
            "X-Checkpoint-Key",
            DEMO_CHECKPOINT_KEY);
    if (list.status() != 200 || list.body() == null) {
      throw new IllegalStateException("status list not read: " + list);
    }
    Set<String> ids = new HashSet<>();
    list.body().path("revoked").forEach(e -> ids.add(e.path("certificateId").asText()));
    return ids;
  }

  private static String megabytes(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      long bytes =
          files
              .filter(Files::isRegularFile)
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      return 0;
                    }
                  })
              .sum();
      return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void stopAndKeepLog(DebianPostgres pg, Path logs) {
    if (pg == null) {
      return;
    }
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
