package cn.railway.tempid.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario e: the OpenAPI-driven fuzzer (issue 8, item 2) against the two nodes. The fuzzer is a
 * command of its own (a main class on the test classpath); this runs it in a JVM of its own, once
 * per node, prints its output and records whether it passed (exit code 0).
 *
 * <p>The class is {@value #DEFAULT_CLASS} unless {@code TEMPID_FUZZER_CLASS} names another; it is
 * called as {@code <class> <baseUrl> <requests>}. Where no such class is on the classpath the
 * scenario says so and counts as not run (a failed figure): the reliability command is not complete
 * without it.
 */
final class FuzzerHook {
  static final String ID = "e";
  static final String DEFAULT_CLASS = "cn.railway.tempid.fuzz.OpenApiFuzzer";

  private FuzzerHook() {}

  static void run(Cluster cluster, Figures figures, int requests, Duration timeout) {
    String configured = System.getenv("TEMPID_FUZZER_CLASS");
    String fuzzer = configured == null || configured.isBlank() ? DEFAULT_CLASS : configured;
    try {
      Class.forName(fuzzer, false, FuzzerHook.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      figures.check(
          ID, "OpenAPI fuzzer " + fuzzer, "not on the classpath (not run)", "run, exit 0", false);
      return;
    }
    for (ServiceNode node : cluster.live()) {
      int exit = runFuzzer(fuzzer, node, requests, timeout, figures);
      figures.check(
          ID,
          "OpenAPI fuzzer against " + node.name() + " (" + requests + " requests), exit code",
          exit,
          "0",
          exit == 0);
    }
  }

  private static int runFuzzer(
      String fuzzer, ServiceNode node, int requests, Duration timeout, Figures figures) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), fuzzer));
    command.addAll(List.of(node.baseUrl(), Integer.toString(requests)));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          figures.note(ID, node.name() + " fuzzer: " + line);
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      figures.note(ID, "fuzzer did not start: " + e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
