package cn.railway.tempid.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of Debian's {@code postgresql} package (binaries under {@code
 * /usr/lib/postgresql/15/bin}), listening on 127.0.0.1 only, with trust authentication on loopback:
 * a throw-away cluster for the reliability command, never a production setup.
 *
 * <p>PostgreSQL refuses to run as root: as root every command runs as the OS user {@code postgres}
 * (created by the Debian package) through {@code runuser}; otherwise as the current user. The data
 * directory lives under the given base directory, which that user must be able to enter.
 *
 * <p>Replication: {@link #standbyOf} takes a base backup of a running primary and streams from it
 * under the application name {@value #STANDBY_NAME}; {@link #requireSynchronousStandby()} makes the
 * primary wait for that standby's flush before it answers a commit, so nothing committed is lost
 * when the primary dies and the standby is promoted.
 */
final class DebianPostgres {
  static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
  static final String STANDBY_NAME = "standby";
  static final String OS_USER = "postgres";

  private final Path bin;
  private final Path data;
  private final int port;
  private final String name;

  private DebianPostgres(Path bin, Path data, int port, String name) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.name = name;
  }

  /** The binaries to use: {@code TEMPID_PG_BIN} or Debian's PostgreSQL 15. */
  static Path binaries() {
    String configured = System.getenv("TEMPID_PG_BIN");
    Path bin = Path.of(configured == null || configured.isBlank() ? DEFAULT_BIN : configured);
    if (!Files.isExecutable(bin.resolve("pg_ctl"))) {
      throw new IllegalStateException(
          "no PostgreSQL binaries in "
              + bin
              + ": install Debian's PostgreSQL 15 (apt-get install -y postgresql)"
              + " or set TEMPID_PG_BIN");
    }
    return bin;
  }

  /** Creates (initdb) and starts a new primary in {@code base/name}. */
  static DebianPostgres primary(Path base, String name, int port) {
    DebianPostgres pg = new DebianPostgres(binaries(), base.resolve(name), port, name);
    pg.prepareDirectory();
    pg.run(
        Duration.ofMinutes(3),
        "initdb",
        "-D",
        pg.data.toString(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-locale");
    pg.start();
    return pg;
  }

  /** Base backup of {@code primary} into {@code base/name}, started as its streaming standby. */
  static DebianPostgres standbyOf(DebianPostgres primary, Path base, String name, int port) {
    DebianPostgres pg = new DebianPostgres(primary.bin, base.resolve(name), port, name);
    pg.prepareDirectory();
    pg.run(
        Duration.ofMinutes(5),
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(primary.port),
        "-U",
        "postgres",
        "-D",
        pg.data.toString(),
        "-X",
        "stream",
        "-c",
        "fast");
    pg.writeAsOwner("standby.signal", "");
    pg.appendAsOwner(
        "postgresql.auto.conf",
        "primary_conninfo = 'host=127.0.0.1 port="
            + primary.port
            + " user=postgres application_name="
            + STANDBY_NAME
            + "'\n");
    pg.start();
    return pg;
  }

  int port() {
    return port;
  }

  String name() {
    return name;
  }

  Path logFile() {
    return data.resolve("server.log");
  }

  /** Creates the service's login role and database (owned by it). */
  void createServiceDatabase(String database, String user, String password) {
    superuserSql("create role " + user + " login password '" + password + "'");
    superuserSql("create database " + database + " owner " + user + " encoding 'UTF8'");
  }

  /**
   * Makes commits wait for {@value #STANDBY_NAME} (synchronous_commit on, the default) and waits
   * until the standby is attached as synchronous.
   */
  void requireSynchronousStandby(Duration timeout) {
    superuserSql("alter system set synchronous_standby_names = '" + STANDBY_NAME + "'");
    superuserSql("select pg_reload_conf()");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if ("sync".equals(superuserQuery("select sync_state from pg_stat_replication"))) {
        return;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("the standby did not attach as synchronous within " + timeout);
  }

  /** The standby's replication state as the primary sees it ({@code sync}, {@code async}). */
  String replicationState() {
    return superuserQuery("select sync_state from pg_stat_replication");
  }

  void start() {
    start(Duration.ofSeconds(120));
  }

  /**
   * Starts and waits up to {@code timeout} until the server accepts connections (a server in
   * recovery accepts read-only ones once it is consistent; see {@link #awaitPromotion}).
   */
  void start(Duration timeout) {
    run(
        timeout.plusMinutes(1),
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        logFile().toString(),
        "-w",
        "-t",
        Long.toString(timeout.toSeconds()),
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            + data
            + " -c max_connections=200 -c timezone=UTC -c wal_level=replica"
            + " -c max_wal_senders=5 -c hot_standby=on",
        "start");
  }

  /** Stops at once, as a crash would: no checkpoint, clients cut off. */
  void stopImmediately() {
    run(Duration.ofMinutes(2), "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
  }

  /** Stops if running (fast shutdown); never throws. */
  void stopQuietly() {
    try {
      if (isRunning()) {
        run(Duration.ofMinutes(2), "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
    } catch (RuntimeException e) {
      System.err.println("PostgreSQL " + name + " did not stop cleanly: " + e.getMessage());
    }
  }

  boolean isRunning() {
    return Files.exists(data.resolve("postmaster.pid"));
  }

  /** Promotes a standby to primary and waits until it accepts writes. */
  void promote() {
    run(Duration.ofMinutes(2), "pg_ctl", "-D", data.toString(), "-w", "-t", "60", "promote");
  }

  boolean inRecovery() {
    return "t".equals(superuserQuery("select pg_is_in_recovery()"));
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void superuserSql(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL " + name + ": " + sql + " failed", e);
    }
  }

  /**
   * Turns on WAL archiving (restart needed: {@code archive_mode} is read at start only): every
   * finished WAL segment is copied into {@code archive} under a temporary name and then renamed, so
   * a reader of the archive never sees half a segment; an existing file is never overwritten. With
   * {@code archive_timeout} a segment is finished (and archived) at least that often while anything
   * is written: it bounds what a restore from the archive alone loses. A standby taken afterwards
   * inherits the settings ({@code postgresql.auto.conf}) and archives once promoted.
   */
  void enableArchiving(Path archive, Duration archiveTimeout) {
    prepare(archive);
    String dir = archive.toString();
    superuserSql("alter system set archive_mode = 'on'");
    superuserSql(
        "alter system set archive_command = 'test ! -f "
            + dir
            + "/%f && cp %p "
            + dir
            + "/%f.tmp && mv "
            + dir
            + "/%f.tmp "
            + dir
            + "/%f'");
    superuserSql("alter system set archive_timeout = '" + archiveTimeout.toSeconds() + "s'");
    stopQuietly();
    start();
  }

  /** {@code pg_basebackup} of this (running) server into the new directory {@code target}. */
  void baseBackup(Path target) {
    prepare(target);
    run(
        Duration.ofMinutes(15),
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(port),
        "-U",
        "postgres",
        "-D",
        target.toString(),
        "-X",
        "stream",
        "-c",
        "fast",
        "-l",
        "restore drill");
  }

  /** A named restore point in the WAL (a recovery target); returns its LSN. */
  String createRestorePoint(String name) {
    return superuserQuery("select pg_create_restore_point('" + name + "')::text");
  }

  /** Finishes the current WAL segment (so it is archived); returns the finished segment's name. */
  String switchWal() {
    return superuserQuery("select pg_walfile_name(pg_switch_wal())");
  }

  /**
   * A point-in-time restore: a copy of the base backup {@code backup} in {@code base/name}, with
   * {@code recovery.signal}, {@code restore_command} (segments from {@code archive}) and, when
   * {@code restorePoint} is not null, {@code recovery_target_name} (else it replays to the end of
   * the archive), {@code recovery_target_action = 'promote'}. It does not archive and does not wait
   * for a standby (settings the backup carries from its primary). Started, not yet promoted: see
   * {@link #awaitPromotion}.
   */
  static DebianPostgres restore(
      DebianPostgres from,
      Path backup,
      Path archive,
      String restorePoint,
      Path base,
      String name,
      int port,
      Duration timeout) {
    DebianPostgres pg = new DebianPostgres(from.bin, base.resolve(name), port, name);
    pg.prepareDirectory();
    List<String> copy = new ArrayList<>();
    if (isRoot()) {
      copy.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    copy.addAll(List.of("cp", "-a", backup + "/.", pg.data.toString()));
    exec(timeout, copy);
    pg.writeAsOwner("recovery.signal", "");
    pg.appendAsOwner(
        "postgresql.auto.conf",
        "\n# restore drill\n"
            + "restore_command = 'cp "
            + archive
            + "/%f %p'\n"
            + (restorePoint == null ? "" : "recovery_target_name = '" + restorePoint + "'\n")
            + "recovery_target_action = 'promote'\n"
            + "recovery_target_timeline = 'latest'\n"
            + "archive_mode = 'off'\n"
            + "synchronous_standby_names = ''\n"
            + "primary_conninfo = ''\n");
    try {
      pg.start(timeout);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "\nserver log ends:\n" + pg.logTail(), e);
    }
    return pg;
  }

  /** The last lines of the server log (for a failed start). */
  String logTail() {
    try {
      String log = Files.readString(logFile());
      return log.substring(Math.max(0, log.length() - 3000));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits until recovery has ended and the server accepts writes. */
  void awaitPromotion(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (!inRecovery()) {
          return;
        }
      } catch (IllegalStateException e) {
        if (!isRunning()) {
          throw new IllegalStateException(
              "PostgreSQL " + name + " stopped during recovery; its log ends:\n" + logTail(), e);
        }
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("PostgreSQL " + name + " still in recovery after " + timeout);
  }

  String superuserQuery(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL " + name + ": " + sql + " failed", e);
    }
  }

  private void prepareDirectory() {
    prepare(data);
  }

  /** A new directory only the cluster's OS user can enter. */
  static void prepare(Path directory) {
    try {
      Files.createDirectories(directory);
      if (isRoot()) {
        exec(Duration.ofSeconds(30), List.of("chown", OS_USER + ":", directory.toString()));
      }
      exec(Duration.ofSeconds(30), List.of("chmod", "700", directory.toString()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + directory, e);
    }
  }

  private void writeAsOwner(String file, String text) {
    Path path = data.resolve(file);
    try {
      Files.writeString(path, text, StandardCharsets.UTF_8);
      if (isRoot()) {
        exec(Duration.ofSeconds(30), List.of("chown", OS_USER + ":", path.toString()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + path, e);
    }
  }

  private void appendAsOwner(String file, String text) {
    Path path = data.resolve(file);
    try {
      String before = Files.exists(path) ? Files.readString(path) : "";
      writeAsOwner(file, before + text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  private void run(Duration timeout, String program, String... args) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    exec(timeout, command);
  }

  private static void exec(Duration timeout, List<String> command) {
    try {
      Path output = Files.createTempFile("tempid-pg-cmd", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .directory(Path.of("/").toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command)
                  + " failed ("
                  + process.exitValue()
                  + "):\n"
                  + Files.readString(output));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
