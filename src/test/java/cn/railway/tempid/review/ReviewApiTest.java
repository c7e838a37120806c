package cn.railway.tempid.review;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * API.md "Operators": GET /reviews and POST /reviews/{taskId}, with the whole service (Camunda
 * users and groups, real review tasks). A request without a caller and an invalid decision are in
 * {@code review.web.ReviewRequestContractTest}, a web slice.
 */
@ApplicationTest
class ReviewApiTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Accounts accounts;
  @Autowired cn.railway.tempid.support.Jobs jobs;
  @Autowired cn.railway.tempid.support.Operators operators;

  @Test
  void reviews_withWrongOperatorPasswordOrUnknownUser_401() throws Exception {
    String user = operators.newUser();
    assertProblem(
        http.get("/api/v1/reviews", "Authorization", Http.basic(user, "wrong")),
        401,
        "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/reviews", "Authorization", Http.basic("nobody" + user, "x")),
        401,
        "UNAUTHENTICATED");
    assertProblem(
        http.get("/api/v1/reviews", "Authorization", "Basic !!not-base64!!"),
        401,
        "UNAUTHENTICATED");
  }

  /** A Camunda user outside the reviewers (and admin) group may not decide reviews. */
  @Test
  void reviews_asOperatorOutsideReviewers_403() throws Exception {
    String user = operators.newUser();
    assertProblem(
        http.get(
            "/api/v1/reviews",
            "Authorization",
            Http.basic(user, cn.railway.tempid.support.Operators.PASSWORD)),
        403,
        "FORBIDDEN");
  }

  /** Passengers and guests are authenticated but not reviewers: 403 FORBIDDEN. */
  @Test
  void reviews_asPassengerOrGuest_403() throws Exception {
    Accounts.Passenger p = accounts.registered("郑一");
    assertProblem(http.get("/api/v1/reviews", p.bearer()), 403, "FORBIDDEN");
    Http.Response guest =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("郑二", TestIdentities.randomIdNumber()));
    assertProblem(
        http.get("/api/v1/reviews", "X-Applicant-Token", guest.text("applicantToken")),
        403,
        "FORBIDDEN");
  }

  @Test
  void reviews_asDemoOperator_200List() throws Exception {
    Http.Response r = http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().isArray()).isTrue();
  }

  @Test
  void decideUnknownTask_404() throws Exception {
    assertProblem(
        http.post(
            "/api/v1/reviews/no-such-task",
            Map.of("decision", "APPROVE"),
            "Authorization",
            DEMO_OPERATOR),
        404,
        "NOT_FOUND");
    assertProblem(
        http.post(
            "/api/v1/reviews/" + "t".repeat(200),
            Map.of("decision", "APPROVE"),
            "Authorization",
            DEMO_OPERATOR),
        404,
        "NOT_FOUND");
  }

  /** A borderline face match goes to a person; the reviewer's APPROVE issues the certificate. */
  @Test
  void borderlineFaceMatch_isListed_andApproved() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.95, 0.70);
    assertThat(passengers.application(id, token).text("status")).isEqualTo("UNDER_REVIEW");

    Http.Response open = http.get("/api/v1/reviews", "Authorization", DEMO_OPERATOR);
    JsonNode review = null;
    for (JsonNode r : open.body()) {
      if (id.equals(r.path("applicationId").asText())) {
        review = r;
      }
    }
    assertThat(review).as("review of %s in %s", id, open).isNotNull();
    assertThat(review.path("taskId").asText()).isNotBlank();
    assertThat(review.path("reasonCodes").toString()).contains("FACE_MATCH_BORDERLINE");
    assertThat(review.path("createdAt").asText()).isNotBlank();
    assertThat(review.path("dueAt").asText()).isNotBlank();
    assertThat(open.raw()).doesNotContain(idNumber).doesNotContain("张三");

    Http.Response decided =
        http.post(
            "/api/v1/reviews/" + review.path("taskId").asText(),
            Map.of("decision", "APPROVE", "note", "photo checked"),
            "Authorization",
            DEMO_OPERATOR);
    assertThat(decided.status()).as("%s", decided).isEqualTo(204);
    jobs.runDue(id);
    assertThat(passengers.application(id, token).text("status")).isEqualTo("ISSUED");
    assertProblem(
        http.post(
            "/api/v1/reviews/" + review.path("taskId").asText(),
            Map.of("decision", "REJECT", "reasonCode", "FACE_MISMATCH"),
            "Authorization",
            DEMO_OPERATOR),
        404,
        "NOT_FOUND");
  }
}
