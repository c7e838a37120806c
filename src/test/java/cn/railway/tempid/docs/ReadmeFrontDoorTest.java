package cn.railway.tempid.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front door: at most 12 KB, the rest in {@code docs/}. Plain JUnit (it reads a
 * file); that its commands answer as it says is {@link ReadmeTasteTest}, with a service of its own.
 */
class ReadmeFrontDoorTest {
  @Test
  void theReadme_isAFrontDoor() throws Exception {
    assertThat(Files.size(Path.of("README.md"))).isLessThanOrEqualTo(12 * 1024);
  }
}
