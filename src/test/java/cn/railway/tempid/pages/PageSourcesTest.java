package cn.railway.tempid.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages are static files of this origin only, which the strict Content-Security-Policy allows:
 * no inline script, style or event handler, no third-party URL, no {@code eval}. Plain JUnit: it
 * reads the files; the policy on every page answer is {@link PageFilesTest}, with the whole
 * service.
 */
class PageSourcesTest {
  private static final Path PAGES = Path.of("src/main/resources/pages");

  @Test
  void pageFilesHaveNoInlineScriptOrStyleAndNoThirdPartyUrl() throws IOException {
    Pattern inlineScript =
        Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    Pattern inlineStyle = Pattern.compile("<style|\\sstyle=", Pattern.CASE_INSENSITIVE);
    Pattern handler = Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE);
    Pattern remote =
        Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/", Pattern.CASE_INSENSITIVE);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(PAGES)) {
      files =
          walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".png")).toList();
    }
    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (file.toString().endsWith(".html")) {
        assertThat(inlineScript.matcher(text).find()).as(file + ": inline script").isFalse();
        assertThat(inlineStyle.matcher(text).find()).as(file + ": inline style").isFalse();
        assertThat(handler.matcher(text).find()).as(file + ": inline handler").isFalse();
      }
      if (!file.toString().endsWith(".svg")) {
        assertThat(remote.matcher(text).find()).as(file + ": a third-party URL").isFalse();
      }
      assertThat(text).as(file + ": eval").doesNotContain("eval(", "new Function(");
    }
  }
}
