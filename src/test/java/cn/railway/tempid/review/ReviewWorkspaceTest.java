package cn.railway.tempid.review;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API.md "Reviews (Tasklist and API alike)": the review workspace in Tasklist and the rules every
 * way of completing a review task obeys (Tasklist's form submission, Camunda's REST API, {@code
 * POST /reviews/{taskId}}): no decision, an unknown one or a rejection without a reason leaves the
 * task open with a message; the reviewer and the note are recorded and read back.
 */
@ApplicationTest
class ReviewWorkspaceTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired Operators operators;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @Autowired HistoryService history;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired cn.railway.tempid.shared.time.AdjustableClock clock;
  @Autowired org.camunda.bpm.engine.TaskService taskService;
  @Autowired org.camunda.bpm.engine.ProcessEngine engine;
  @Autowired org.springframework.context.ApplicationEventPublisher events;
  @LocalServerPort int port;

  record Review(String applicationId, String applicantToken, String taskId) {}

  // --- every completion path obeys the same rules ---

  @Test
  void engineRestCompletion_withoutValidDecision_is400WithMessage_andLeavesTheTaskOpen()
      throws Exception {
    Review review = manualReview("孔一");
    String reviewer = reviewer();
    for (Map<String, Object> variables :
        List.of(
            Map.<String, Object>of(),
            Map.<String, Object>of("reviewDecision", value("MAYBE")),
            Map.<String, Object>of("reviewDecision", value("REJECT")),
            Map.<String, Object>of(
                "reviewDecision", value("REJECT"), "reviewReasonCode", value("NOT_A_REASON")))) {
      for (String action : List.of("complete", "submit-form")) {
        HttpResponse<String> r =
            engineRest(reviewer, "/task/" + review.taskId() + "/" + action, variables);
        assertThat(r.statusCode()).as("%s %s: %s", action, variables, r.body()).isEqualTo(400);
        assertThat(r.body()).contains("review decision");
      }
    }
    assertThat(openTaskIds()).as("the task stays open").contains(review.taskId());
    assertThat(
            passengers.application(review.applicationId(), review.applicantToken()).text("status"))
        .isEqualTo("UNDER_REVIEW");
  }

  /** A note sent as an ordinary process variable would sit in the engine's tables for good. */
  @Test
  void engineRestCompletion_withNoteAsProcessVariable_is400() throws Exception {
    Review review = manualReview("孔二");
    HttpResponse<String> r =
        engineRest(
            reviewer(),
            "/task/" + review.taskId() + "/complete",
            Map.of("reviewDecision", value("APPROVE"), "reviewNote", value("looks fine")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("transient");
    assertThat(openTaskIds()).contains(review.taskId());
  }

  @Test
  void engineRestRejection_recordsTheReviewerReasonAndNote_readBackOnlyAfterwards()
      throws Exception {
    Review review = manualReview("孔三");
    String reviewer = reviewer();
    assertProblem(http.get(decisionPath(review), "Authorization", DEMO_OPERATOR), 404, "NOT_FOUND");

    Map<String, Object> note = new HashMap<>(value("照片与本人不符 photo differs"));
    note.put("valueInfo", Map.of("transient", true));
    HttpResponse<String> r =
        engineRest(
            reviewer,
            "/task/" + review.taskId() + "/submit-form",
            Map.of(
                "reviewDecision",
                value("REJECT"),
                "reviewReasonCode",
                value("FACE_MISMATCH"),
                "reviewNote",
                note));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 204);

    Http.Response decision = http.get(decisionPath(review), "Authorization", DEMO_OPERATOR);
    assertThat(decision.status()).as("%s", decision).isEqualTo(200);
    assertThat(decision.text("decision")).isEqualTo("REJECT");
    assertThat(decision.text("reasonCode")).isEqualTo("FACE_MISMATCH");
    assertThat(decision.text("note")).isEqualTo("照片与本人不符 photo differs");
    assertThat(decision.text("decidedBy")).isEqualTo(reviewer);
    assertThat(decision.text("decidedAt")).isNotBlank();
    assertThat(accessesBy("demo", review.applicationId())).isPositive();

    // the outcome is a job after the reviewer's request (ADR 0010: "Reviewer approved?")
    jobs.runDue(review.applicationId());
    JsonNode failed =
        passengers.application(review.applicationId(), review.applicantToken()).body();
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reasonCode").asText()).isEqualTo("REVIEW_REJECTED");
    // the note is in no process variable, current or historic
    assertThat(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceIdIn(
                    history
                        .createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(review.applicationId())
                        .singleResult()
                        .getId())
                .list())
        .extracting(v -> String.valueOf(v.getValue()))
        .noneMatch(v -> v.contains("photo differs"));
    assertThat(
            jdbc.sql("select review_note_enc from application where id = ?")
                .param(review.applicationId())
                .query(String.class)
                .single())
        .as("stored encrypted")
        .isNotBlank()
        .doesNotContain("photo differs");
  }

  @Test
  void apiDecision_rejectNeedsAReasonCode_andTheNoteIsReadBack() throws Exception {
    Review review = manualReview("孔四");
    assertProblem(
        http.post(
            "/api/v1/reviews/" + review.taskId(),
            Map.of("decision", "REJECT", "note", "no reason given"),
            "Authorization",
            DEMO_OPERATOR),
        400,
        "VALIDATION_FAILED");
    assertProblem(
        http.post(
            "/api/v1/reviews/" + review.taskId(),
            Map.of("decision", "REJECT", "reasonCode", "LIVENESS_TIMEOUT"),
            "Authorization",
            DEMO_OPERATOR),
        400,
        "VALIDATION_FAILED");
    assertThat(openTaskIds()).contains(review.taskId());

    Http.Response decided =
        http.post(
            "/api/v1/reviews/" + review.taskId(),
            Map.of("decision", "REJECT", "reasonCode", "REGISTRY_FLAGGED", "note", "flag seen"),
            "Authorization",
            DEMO_OPERATOR);
    assertThat(decided.status()).as("%s", decided).isEqualTo(204);
    Http.Response decision = http.get(decisionPath(review), "Authorization", DEMO_OPERATOR);
    assertThat(decision.status()).as("%s", decision).isEqualTo(200);
    assertThat(decision.text("decision")).isEqualTo("REJECT");
    assertThat(decision.text("reasonCode")).isEqualTo("REGISTRY_FLAGGED");
    assertThat(decision.text("note")).isEqualTo("flag seen");
    assertThat(decision.text("decidedBy")).isEqualTo("demo");
  }

  @Test
  void decisionOfAnUnknownTask_404_andPassengersMayNotReadIt() throws Exception {
    assertProblem(
        http.get("/api/v1/reviews/no-such-task/decision", "Authorization", DEMO_OPERATOR),
        404,
        "NOT_FOUND");
    assertProblem(
        http.get(
            "/api/v1/reviews/no-such-task/decision", "Authorization", basic(operators.newUser())),
        403,
        "FORBIDDEN");
  }

  // --- Tasklist ---

  /** Tasklist completes through its own engine API with the reviewer's web-app session. */
  @Test
  void tasklistSubmission_withoutDecision_isRefusedWithMessage_andRecordsTheReviewer()
      throws Exception {
    Review review = manualReview("孔五");
    String reviewer = reviewer();
    Tasklist tasklist = new Tasklist(reviewer);

    HttpResponse<String> empty =
        tasklist.post(
            "/camunda/api/engine/engine/default/task/" + review.taskId() + "/submit-form",
            Map.of("variables", Map.of()));
    assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
    assertThat(json.readTree(empty.body()).path("message").asText())
        .contains("Choose APPROVE or REJECT");
    assertThat(openTaskIds()).contains(review.taskId());

    HttpResponse<String> approved =
        tasklist.post(
            "/camunda/api/engine/engine/default/task/" + review.taskId() + "/submit-form",
            Map.of("variables", Map.of("reviewDecision", value("APPROVE"))));
    assertThat(approved.statusCode()).as(approved.body()).isIn(200, 204);
    jobs.runDue(review.applicationId());
    assertThat(
            passengers.application(review.applicationId(), review.applicantToken()).text("status"))
        .isEqualTo("ISSUED");
    Http.Response decision = http.get(decisionPath(review), "Authorization", DEMO_OPERATOR);
    assertThat(decision.text("decision")).isEqualTo("APPROVE");
    assertThat(decision.text("decidedBy")).isEqualTo(reviewer);
    assertThat(decision.body().path("reasonCode").isNull()).isTrue();
  }

  /**
   * The generated form offered "Approve" already selected. The form now is the embedded review
   * form: no choice made in advance, and it reads the case file with the Tasklist session.
   */
  @Test
  void tasklistForm_preselectsNothing_andShowsTheCaseFileThroughTheWebAppSession()
      throws Exception {
    Review review = manualReview("孔六");
    String reviewer = reviewer();
    HttpResponse<String> form = engineRest(reviewer, "/task/" + review.taskId() + "/form", null);
    assertThat(form.statusCode()).isEqualTo(200);
    JsonNode formKey = json.readTree(form.body());
    assertThat(formKey.path("key").asText()).isEqualTo("embedded:app:forms/review.html");
    String contextPath = formKey.path("contextPath").asText("");

    Tasklist tasklist = new Tasklist(reviewer);
    HttpResponse<String> html =
        tasklist.get((contextPath + "/forms/review.html").replaceAll("/+", "/"));
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.body())
        .contains("value=\"APPROVE\"", "value=\"REJECT\"", "reviewNote", "reviewReasonCode")
        .doesNotContainPattern("<(input|option)[^>]*\\b(checked|selected)\\b");

    HttpResponse<String> caseFile = tasklist.get("/api/v1/reviews/" + review.taskId());
    assertThat(caseFile.statusCode()).as(caseFile.body()).isEqualTo(200);
    JsonNode file = json.readTree(caseFile.body());
    assertThat(file.path("applicationId").asText()).isEqualTo(review.applicationId());
    assertThat(file.path("reasonCodes").toString()).contains("FACE_MATCH_BORDERLINE");
    assertThat(file.path("faceMatchScore").asDouble()).isEqualTo(0.70);
    assertThat(file.path("applicationsThisMonth").asInt()).isEqualTo(1);
    assertThat(file.path("maskedIdNumber").asText()).contains("*");
    assertThat(file.path("rejectReasonCodes").toString()).contains("FACE_MISMATCH");
    assertThat(accessesBy(reviewer, review.applicationId())).isPositive();

    // the session reads, it does not decide: decisions need the reviewer's credentials
    HttpResponse<String> post =
        tasklist.post("/api/v1/reviews/" + review.taskId(), Map.of("decision", "APPROVE"));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(openTaskIds()).contains(review.taskId());
    // and without a session there is nothing to read
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/reviews/" + review.taskId())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  /** Tasklist's "Add Comment" stored free text in the engine, where personal data must not go. */
  @Test
  void addComment_isNotOffered_andCommentsAreRefused() throws Exception {
    Review review = manualReview("孔七");
    String reviewer = reviewer();
    Tasklist tasklist = new Tasklist(reviewer);
    HttpResponse<String> page = tasklist.get("/camunda/app/tasklist/default/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("cam-exclude-plugins=\"tasklist.task.action:task-action-comment\"");

    HttpResponse<String> viaRest =
        engineRest(
            reviewer,
            "/task/" + review.taskId() + "/comment/create",
            Map.of("message", "王 110101..."));
    assertThat(viaRest.statusCode()).isEqualTo(403);
    HttpResponse<String> viaTasklist =
        tasklist.post(
            "/camunda/api/engine/engine/default/task/" + review.taskId() + "/comment/create",
            Map.of("message", "王 110101..."));
    assertThat(viaTasklist.statusCode()).isEqualTo(403);
    assertThat(history.createHistoricTaskInstanceQuery().taskId(review.taskId()).singleResult())
        .isNotNull();
    assertThat(
            jdbc.sql("select count(*) from act_hi_comment where task_id_ = ?")
                .param(review.taskId())
                .query(Long.class)
                .single())
        .isZero();
  }

  /** The override of Tasklist's page is Camunda's own page, only without the comment action. */
  @Test
  void tasklistPageOverride_differsFromCamundasOnlyByTheExcludedCommentAction() throws Exception {
    List<java.net.URL> pages =
        java.util.Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/resources/webjars/camunda/app/tasklist/index.html"));
    assertThat(pages).as("ours and the webjar's").hasSize(2);
    String ours = read(pages.get(0));
    String camundas = read(pages.get(1));
    assertThat(ours).contains("cam-exclude-plugins");
    assertThat(
            ours.replaceFirst("(?s)<!-- Camunda .*? -->\n", "")
                .replace(
                    "\n        cam-exclude-plugins=\"tasklist.task.action:task-action-comment\"",
                    ""))
        .as("a Camunda upgrade changed Tasklist's page: copy it again and add the exclusion")
        .isEqualTo(camundas);
  }

  private static String read(java.net.URL url) throws Exception {
    try (var in = url.openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Tasklist asks for the newest first unless told otherwise; the filter's own order (oldest first)
   * comes before it. Tasklist's filter dialog saves a filter's query without that order: an edited
   * filter listed newest first, until the service put its query back at start-up.
   */
  @Test
  void reviewFilter_listsOldestFirst_evenAfterTasklistsFilterDialogDroppedItsOrder()
      throws Exception {
    Review older = manualReview("孔八");
    clock.advance(Duration.ofSeconds(2));
    Review newer = manualReview("孔九");
    String reviewer = reviewer();
    Filter filter =
        filters.createFilterQuery().filterName("Manual reviews (临时身份证明审核)").singleResult();
    assertThat(listedByTasklist(reviewer, filter, older, newer))
        .containsExactly(older.taskId(), newer.taskId());

    // as Tasklist's filter dialog saves it: the same criteria, no order
    filter.setQuery(
        taskService
            .createTaskQuery()
            .processDefinitionKey("temporary-id-application")
            .taskDefinitionKey("UserTask_ReviewApplication")
            .taskCandidateGroupIn(List.of("reviewers", "supervisors"))
            .includeAssignedTasks());
    filters.saveFilter(filter);
    assertThat(listedByTasklist(reviewer, filter, older, newer))
        .containsExactly(newer.taskId(), older.taskId());

    events.publishEvent(new PostDeployEvent(engine));
    assertThat(listedByTasklist(reviewer, filter, older, newer))
        .containsExactly(older.taskId(), newer.taskId());
  }

  /** The two reviews in the order Tasklist's default request (newest first) lists them. */
  private List<String> listedByTasklist(String reviewer, Filter filter, Review... reviews)
      throws Exception {
    HttpResponse<String> listed =
        engineRest(
            reviewer,
            "/filter/" + filter.getId() + "/list?maxResults=1000",
            Map.of("sorting", List.of(Map.of("sortBy", "created", "sortOrder", "desc"))));
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    List<String> wanted = java.util.Arrays.stream(reviews).map(Review::taskId).toList();
    return json.readTree(listed.body()).findValuesAsText("id").stream()
        .filter(wanted::contains)
        .toList();
  }

  // --- helpers ---

  /** A borderline face match: a manual review of a new guest application. */
  private Review manualReview(String name) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication(name, idNumber));
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.95, 0.70);
    for (JsonNode r : http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR).body()) {
      if (id.equals(r.path("applicationId").asText())) {
        return new Review(id, submitted.text("applicantToken"), r.path("taskId").asText());
      }
    }
    throw new AssertionError("no open review for " + id);
  }

  private List<String> openTaskIds() throws Exception {
    return http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR)
        .body()
        .findValuesAsText("taskId");
  }

  /** A new Camunda user in the reviewers group (not the demo administrator). */
  private String reviewer() {
    String user = operators.newUser();
    identity.createMembership(user, "reviewers");
    return user;
  }

  private static String basic(String user) {
    return Http.basic(user, Operators.PASSWORD);
  }

  private static Map<String, Object> value(String value) {
    return Map.of("value", value, "type", "String");
  }

  private String decisionPath(Review review) {
    return "/api/v1/reviews/" + review.taskId() + "/decision";
  }

  private long accessesBy(String actor, String applicationId) {
    return jdbc.sql(
            "select count(*) from personal_data_access where actor_id = ? and subject_id = ?")
        .params(actor, applicationId)
        .query(Long.class)
        .single();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> engineRest(String user, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/engine-rest" + path)).header("Authorization", basic(user));
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .POST(
              HttpRequest.BodyPublishers.ofString(
                  json.writeValueAsString(
                      path.endsWith("/complete") || path.endsWith("/submit-form")
                          ? Map.of("variables", body)
                          : body)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A reviewer logged into Tasklist: the web app's session cookie and its CSRF token. */
  private final class Tasklist {
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Tasklist(String user) throws Exception {
      client.send(
          HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).build(),
          HttpResponse.BodyHandlers.discarding());
      HttpResponse<String> login =
          client.send(
              HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
                  .header("X-XSRF-TOKEN", xsrf())
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=" + user + "&password=" + Operators.PASSWORD))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      // the login starts a new session: its CSRF token comes with the next read, as in Tasklist
      get("/camunda/api/admin/auth/user/default");
    }

    private String xsrf() {
      return ((CookieManager) client.cookieHandler().orElseThrow())
          .getCookieStore().getCookies().stream()
              .filter(c -> c.getName().equals("XSRF-TOKEN"))
              .reduce((a, b) -> b)
              .orElseThrow()
              .getValue();
    }

    HttpResponse<String> get(String path) throws Exception {
      return client.send(
          HttpRequest.newBuilder(uri(path)).header("Accept", "application/json, text/html").build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws Exception {
      return client.send(
          HttpRequest.newBuilder(uri(path))
              .header("X-XSRF-TOKEN", xsrf())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
