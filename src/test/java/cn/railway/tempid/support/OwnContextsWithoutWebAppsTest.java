package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test that starts an application context of its own beside the shared one (its own engine name)
 * starts it without Camunda's web apps: they keep their Spring context in static fields, so a
 * second context took Cockpit and Tasklist over from the shared one, and the browser and staff
 * tests that ran after it logged in against another database, or a closed context.
 */
class OwnContextsWithoutWebAppsTest {

  @Test
  void everyOwnContext_startsWithoutCamundasWebApps() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> read(f).contains("generate-unique-process-engine-name=true"))
              .filter(f -> !read(f).contains("camunda.bpm.webapp.enabled=false"))
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).as("own contexts with Camunda's web apps").isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
