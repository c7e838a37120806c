package cn.railway.tempid.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Drives the REST API the way a passenger app and the demo tools do. Every call goes through the
 * real security filters, controllers, engine and database.
 */
@Component
public class Passengers {
  public static final Map<String, Object> BEIJING =
      Map.of("latitude", 39.9042, "longitude", 116.4074, "accuracyMeters", 35);
  public static final Map<String, Object> ALL_CONSENTS =
      Map.of("identity", true, "biometric", true, "location", true);

  private final MockMvc mvc;
  private final ObjectMapper json;
  private final Jobs jobs;

  public Passengers(MockMvc mvc, ObjectMapper json, Jobs jobs) {
    this.mvc = mvc;
    this.json = json;
    this.jobs = jobs;
  }

  /** An HTTP answer: status and parsed JSON body (null when empty). */
  public record Answer(int status, JsonNode body) {
    public String text(String field) {
      return body.path(field).asText(null);
    }
  }

  public Answer call(MockHttpServletRequestBuilder request) throws Exception {
    MvcResult result = mvc.perform(request).andReturn();
    String content = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    return new Answer(
        result.getResponse().getStatus(), content.isEmpty() ? null : json.readTree(content));
  }

  public Answer postJson(String path, Object body, String... headers) throws Exception {
    MockHttpServletRequestBuilder request =
        post(path)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body instanceof String s ? s : json.writeValueAsString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return call(request);
  }

  public Answer get(String path, String... headers) throws Exception {
    MockHttpServletRequestBuilder request =
        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return call(request);
  }

  /** Adds a person to the simulated population registry. */
  public void inRegistry(String name, String idNumber, String... flags) throws Exception {
    Answer a =
        postJson(
            "/api/v1/demo/registry/persons",
            Map.of("name", name, "idNumber", idNumber, "flags", List.of(flags)));
    if (a.status() != 201) {
      throw new IllegalStateException("registry person not created: " + a);
    }
  }

  /** The standard guest application body. */
  public static Map<String, Object> guestApplication(String name, String idNumber) {
    return Map.of(
        "name",
        name,
        "idType",
        "RESIDENT_ID_CARD",
        "idNumber",
        idNumber,
        "location",
        BEIJING,
        "consents",
        ALL_CONSENTS);
  }

  /** Submits as a guest; returns the 201 body (with applicantToken) or the problem. */
  public Answer submitAsGuest(String name, String idNumber) throws Exception {
    return postJson("/api/v1/applications", guestApplication(name, idNumber));
  }

  /** Completes the current simulated liveness capture and runs the jobs that follow. */
  public void completeLiveness(
      String applicationId,
      String sessionId,
      String outcome,
      Double livenessScore,
      Double faceMatchScore)
      throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("outcome", outcome);
    body.put("livenessScore", livenessScore);
    body.put("faceMatchScore", faceMatchScore);
    Answer a = postJson("/api/v1/demo/liveness/" + sessionId, body);
    if (a.status() != 204) {
      throw new IllegalStateException("capture not completed: " + a);
    }
    jobs.runDue(applicationId);
  }

  /** GET /applications/{id} as the guest holding the token. */
  public Answer application(String applicationId, String applicantToken) throws Exception {
    return get("/api/v1/applications/" + applicationId, "X-Applicant-Token", applicantToken);
  }
}
