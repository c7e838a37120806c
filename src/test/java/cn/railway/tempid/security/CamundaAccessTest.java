package cn.railway.tempid.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * API.md "Operators": Camunda's REST API and web apps are never open without login. These are
 * Jersey/servlet endpoints, so they are called on the real server.
 */
@ApplicationTest
class CamundaAccessTest {
  @LocalServerPort int port;
  @Autowired Http http;
  @Autowired Operators operators;

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
  org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping
      handlerMappings;

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void engineRest_requiresCamundaLogin() throws Exception {
    assertThat(get("/engine-rest/process-definition").statusCode()).isEqualTo(401);
    assertThat(get("/engine-rest/task").statusCode()).isEqualTo(401);
    assertThat(get("/engine-rest/user").statusCode()).isEqualTo(401);

    HttpResponse<String> demo =
        get("/engine-rest/process-definition", "Authorization", Http.DEMO_OPERATOR);
    assertThat(demo.statusCode()).isEqualTo(200);
    assertThat(demo.body()).contains("temporary-id-application");
  }

  @Test
  void engineRest_wrongPassword_401() throws Exception {
    String user = operators.newUser();
    assertThat(
            get("/engine-rest/process-definition", "Authorization", Http.basic(user, "wrong"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            get(
                    "/engine-rest/process-definition",
                    "Authorization",
                    Http.basic("nobody" + user, "wrong"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void cockpitPage_isServed_butItsDataNeedsASession() throws Exception {
    HttpResponse<String> page = get("/camunda/app/cockpit/default/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).contains("text/html");

    for (String path :
        List.of(
            "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
            "/camunda/api/engine/engine/default/process-definition",
            "/camunda/api/engine/engine/default/task",
            "/camunda/api/engine/engine/default/user")) {
      assertThat(get(path).statusCode()).as(path).isIn(401, 403);
    }
  }

  @Test
  void openApiDocument_listsTheImplementedPaths() throws Exception {
    Http.Response docs = http.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().path("paths").properties().stream().map(java.util.Map.Entry::getKey))
        .contains(
            "/api/v1/applications",
            "/api/v1/applications/{id}",
            "/api/v1/applications/{id}/liveness-sessions",
            "/api/v1/auth/login",
            "/api/v1/auth/logout",
            "/api/v1/me",
            "/api/v1/me/applications",
            "/api/v1/reviews",
            "/api/v1/reviews/{taskId}",
            "/api/v1/liveness/callback",
            "/api/v1/demo/clock",
            "/api/v1/demo/users",
            "/api/v1/demo/registry/persons",
            "/api/v1/demo/liveness/{sessionId}");
  }

  /** Every endpoint of the API, with each of its methods, is in the OpenAPI document. */
  @Test
  void openApiDocument_describesEveryApiEndpointAndMethod() throws Exception {
    com.fasterxml.jackson.databind.JsonNode paths = http.get("/v3/api-docs").body().path("paths");
    List<String> missing = new java.util.ArrayList<>();
    int endpoints = 0;
    for (var mapping : handlerMappings.getHandlerMethods().keySet()) {
      for (String path : mapping.getPatternValues()) {
        if (!path.startsWith("/api/v1/")) {
          continue;
        }
        for (var method : mapping.getMethodsCondition().getMethods()) {
          endpoints++;
          if (paths
              .path(path)
              .path(method.name().toLowerCase(java.util.Locale.ROOT))
              .isMissingNode()) {
            missing.add(method + " " + path);
          }
        }
      }
    }
    assertThat(endpoints).as("API endpoints found").isGreaterThan(25);
    assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
  }

  @Test
  void actuator_onlyHealthIsOpen() throws Exception {
    assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    assertThat(http.get("/actuator/env").status()).isIn(401, 403, 404);
  }
}
