package cn.railway.tempid.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Swagger UI for integrators is open in the demo profile (behind an operator's login elsewhere:
 * {@code postgres.ProductionProfileTest}); a path no endpoint serves answers {@code 404}
 * problem+json, not a {@code 401} that suggests it exists behind a login.
 */
@ApplicationTest
class SwaggerUiAndUnknownPathsTest {
  @LocalServerPort int port;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void swaggerUi_isOpenInTheDemoProfile_andReadsTheDocument() throws Exception {
    HttpResponse<String> page = send("GET", "/swagger-ui/index.html", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("Swagger UI");
    HttpResponse<String> entry = send("GET", "/swagger-ui.html", null);
    assertThat(entry.statusCode()).isEqualTo(302);
    assertThat(entry.headers().firstValue("Location").orElse(""))
        .contains("/swagger-ui/index.html");
    HttpResponse<String> config = send("GET", "/v3/api-docs/swagger-config", null);
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("/v3/api-docs");
  }

  @Test
  void unknownPaths_answer404ProblemJson_withOrWithoutTheApiPrefix() throws Exception {
    for (String[] request :
        new String[][] {
          {"GET", "/no-such-page"},
          {"GET", "/api/v1/no-such-resource"},
          {"POST", "/api/v1/no-such-resource"},
          {"GET", "/api/v2/applications"},
          {"DELETE", "/api/v1/certificates/x/no-such-action"}
        }) {
      HttpResponse<String> r =
          send(request[0], request[1], request[0].equals("POST") ? "{}" : null);
      assertThat(r.statusCode()).as(request[0] + " " + request[1]).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(r.body()).contains("\"code\":\"NOT_FOUND\"");
    }
  }

  @Test
  void knownPaths_stillNeedTheirCaller_andTheActuatorStaysClosed() throws Exception {
    assertThat(send("GET", "/api/v1/me", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/applications/some-id", null).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/v1/applications/some-id", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/actuator/env", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/actuator/no-such-endpoint", null).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
