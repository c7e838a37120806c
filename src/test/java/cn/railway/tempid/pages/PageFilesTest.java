package cn.railway.tempid.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.support.ApplicationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pages are static files of this origin only, under a strict Content-Security-Policy: no inline
 * script or style, no third-party URL, and the policy and headers on every page answer.
 */
@ApplicationTest
class PageFilesTest {
  private static final Path PAGES = Path.of("src/main/resources/pages");

  @Autowired MockMvc mvc;

  @Test
  void everyPageAnswerCarriesTheContentSecurityPolicy() throws Exception {
    for (String path :
        List.of(
            "/",
            "/passenger/passenger.js",
            "/checkpoint/",
            "/checkpoint/checkpoint.js",
            "/checkpoint/sw.js")) {
      MockHttpServletResponse page = mvc.perform(get(path)).andReturn().getResponse();
      if (page.getForwardedUrl() != null) {
        page = mvc.perform(get(page.getForwardedUrl())).andReturn().getResponse();
      }
      assertThat(page.getStatus()).as(path).isEqualTo(200);
      assertThat(page.getHeader("Content-Security-Policy"))
          .as(path)
          .isEqualTo(PageSecurity.CONTENT_SECURITY_POLICY)
          .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
          .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
      assertThat(page.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
    }
    assertThat(
            mvc.perform(get("/checkpoint/manifest.webmanifest"))
                .andReturn()
                .getResponse()
                .getContentType())
        .startsWith("application/manifest+json");
    // the pages take no writes
    assertThat(mvc.perform(post("/checkpoint/")).andReturn().getResponse().getStatus())
        .isEqualTo(403);
  }

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
