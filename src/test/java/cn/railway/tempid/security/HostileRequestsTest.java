package cn.railway.tempid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The security issue's request-level reproductions (API.md "Staff surfaces", "Failures and
 * retries"): what a client sends never decides what the service signs, and broken HTTP is a 400.
 */
@ApplicationTest
class HostileRequestsTest {
  @LocalServerPort int port;
  @Autowired Http http;
  @Autowired ObjectMapper json;
  @Autowired Environment environment;

  /**
   * A chunk size that is not hex answered 500 with an ERROR stack trace, on every JSON endpoint.
   */
  @Test
  void aBrokenChunkedBody_is400ProblemDetails_notA500() throws Exception {
    for (String path : new String[] {"/api/v1/auth/login", "/api/v1/applications"}) {
      String request =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
      String answer;
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(answer).as(path).startsWith("HTTP/1.1 400");
      assertThat(answer)
          .as(path)
          .contains("application/problem+json")
          .contains("VALIDATION_FAILED");
    }
  }

  /**
   * {@code Host: evil.example} made the service sign a status list whose {@code sub} was {@code
   * http://evil.example/…}: the subject comes from {@code tempid.public-base-url} only.
   */
  @Test
  void theStatusListsSignedSubject_comesFromConfiguration_neverFromTheHostHeader()
      throws Exception {
    Http.Response r =
        http.perform(
            get("/api/v1/status-list").header("Host", "evil.example:443"),
            "X-Checkpoint-Key",
            "demo-checkpoint-key",
            "Accept",
            TokenStatusList.MEDIA_TYPE);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(r.raw().split("\\.")[1]));

    assertThat(payload.path("sub").asText())
        .isEqualTo(environment.getProperty("tempid.public-base-url") + "/api/v1/status-list")
        .doesNotContain("evil.example");
  }
}
