package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Raw HTTP through MockMvc for API tests: status, content type and the body both as the raw string
 * (to check nothing personal is echoed) and as JSON.
 */
@Component
public class Http {
  public static final String DEMO_OPERATOR = basic("demo", "demo");

  private final MockMvc mvc;
  private final ObjectMapper json;

  public Http(MockMvc mvc, ObjectMapper json) {
    this.mvc = mvc;
    this.json = json;
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public record Response(
      int status,
      String contentType,
      String raw,
      JsonNode body,
      MockHttpServletResponse servletResponse) {
    public String text(String field) {
      return body == null ? null : body.path(field).asText(null);
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + raw;
    }
  }

  public Response perform(MockHttpServletRequestBuilder request, String... headers)
      throws Exception {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
    String raw = r.getContentAsString(StandardCharsets.UTF_8);
    JsonNode body = null;
    if (!raw.isEmpty() && r.getContentType() != null && r.getContentType().contains("json")) {
      body = json.readTree(raw);
    }
    return new Response(r.getStatus(), r.getContentType(), raw, body, r);
  }

  /** POSTs JSON: a String body is sent as is, anything else is serialised. */
  public Response post(String path, Object body, String... headers) throws Exception {
    MockHttpServletRequestBuilder request =
        MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON);
    if (body != null) {
      request.content(
          body instanceof String s
              ? s.getBytes(StandardCharsets.UTF_8)
              : body instanceof byte[] b ? b : json.writeValueAsBytes(body));
    }
    return perform(request, headers);
  }

  public Response get(String path, String... headers) throws Exception {
    return perform(MockMvcRequestBuilders.get(path), headers);
  }

  public String write(Object value) throws Exception {
    return json.writeValueAsString(value);
  }

  /** Asserts an RFC 9457 problem with our stable code and both messages; returns the body. */
  public static JsonNode assertProblem(Response r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.contentType()).as("content type of %s", r).isNotNull();
    assertThat(
            MediaType.parseMediaType(r.contentType())
                .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .as("problem+json: %s", r)
        .isTrue();
    JsonNode body = r.body();
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("detail").asText()).isNotBlank();
    assertThat(body.path("code").asText()).as("code of %s", r).isEqualTo(code);
    assertThat(body.path("messageZh").asText()).isNotBlank();
    assertThat(body.path("messageEn").asText()).isNotBlank();
    return body;
  }

  /**
   * The answer quotes neither the submitted name nor the ID number, nor its first 17 digits (API.md
   * "Conventions": a refusal never echoes personal data); returns it.
   */
  public static Response assertEchoesNeither(Response r, String name, String idNumber) {
    assertThat(r.raw())
        .as("echoes the ID number")
        .doesNotContain(idNumber)
        .doesNotContain(idNumber.substring(0, 17));
    assertThat(r.raw()).as("echoes the name").doesNotContain(name);
    return r;
  }

  /** A 400 whose errors[] names exactly these fields (in any order). */
  public static JsonNode assertValidation(Response r, String code, String... fields) {
    JsonNode body = assertProblem(r, 400, code);
    JsonNode errors = body.path("errors");
    assertThat(errors.isArray() && !errors.isEmpty()).as("errors[] in %s", r).isTrue();
    java.util.List<String> named = new java.util.ArrayList<>();
    errors.forEach(
        e -> {
          assertThat(e.path("code").asText()).isNotBlank();
          assertThat(e.path("message").asText()).isNotBlank();
          named.add(e.path("field").asText());
        });
    if (fields.length > 0) {
      assertThat(named).as("fields of %s", r).containsExactlyInAnyOrder(fields);
    }
    return body;
  }

  /** The guidance to the station police ID window (R15). */
  public static void assertStationPoliceWindow(JsonNode body) {
    assertThat(body.path("guidance").asText()).isEqualTo("STATION_POLICE_WINDOW");
  }

  public static void assertNoGuidance(JsonNode body) {
    assertThat(body.path("guidance").isMissingNode() || body.path("guidance").isNull()).isTrue();
  }
}
