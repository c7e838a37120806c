package cn.railway.tempid.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node of the service: the packaged jar in a JVM of its own (profiles {@code demo,postgres}),
 * on 127.0.0.1, logging to a file. {@link #kill()} is {@code kill -9}: the process gets no chance
 * to finish a request, commit or release a job lock.
 */
final class ServiceNode {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String name;
  private final Path jar;
  private final int port;
  private final Path logDirectory;
  private final Map<String, String> environment;
  private final List<String> baseArguments;
  private Process process;
  private int starts;

  ServiceNode(
      String name,
      Path jar,
      int port,
      Path logDirectory,
      Map<String, String> environment,
      List<String> arguments) {
    this.name = name;
    this.jar = jar;
    this.port = port;
    this.logDirectory = logDirectory;
    this.environment = new LinkedHashMap<>(environment);
    this.baseArguments = List.copyOf(arguments);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Path logFile() {
    return logDirectory.resolve(name + "-" + starts + ".log");
  }

  /** Starts the JVM with the node's arguments plus {@code extraArguments}; does not wait. */
  synchronized void start(String... extraArguments) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx768m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()));
    command.add("--spring.profiles.active=demo,postgres");
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + port);
    command.addAll(baseArguments);
    command.addAll(List.of(extraArguments));
    try {
      Files.createDirectories(logDirectory);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logFile().toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(name + " did not start", e);
    }
  }

  /** Waits until readiness answers 200; fails if the process dies or time runs out. */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited (" + process.exitValue() + ") before it was ready; see " + logFile());
      }
      if (readinessStatus(Duration.ofSeconds(2)) == 200) {
        return;
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logFile());
  }

  /** The readiness probe's HTTP status, or -1 when it did not answer in time. */
  int readinessStatus(Duration timeout) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                  .timeout(timeout)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** {@code kill -9}: SIGKILL, no shutdown hook, no graceful end of anything. */
  synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
  }

  /** A normal stop (SIGTERM, graceful); SIGKILL if it takes longer than 60 s. */
  synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(60))) {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
      }
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + baseUrl() + ")";
  }
}
