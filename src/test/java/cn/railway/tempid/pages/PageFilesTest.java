package cn.railway.tempid.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.support.ApplicationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pages' answers carry the strict Content-Security-Policy and headers, and the pages take no
 * writes. With the whole service: the manifest's media type is the embedded server's MIME mapping
 * ({@code server.mime-mappings}), which a web slice's mock servlet context lacks. That the files
 * themselves have no inline script or style and no third-party URL is {@link PageSourcesTest}, a
 * plain unit test.
 */
@ApplicationTest
class PageFilesTest {

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
}
