package cn.railway.tempid.review.web;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.review.CaseFiles;
import cn.railway.tempid.review.process.ReviewTasks;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.WebSliceTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * API.md "Operators" at the web edge: the reviews without a caller are a 401, a decision that is
 * not APPROVE or REJECT, or whose note is too long, a 400 naming the field; none of them reaches
 * the review tasks. Who may review (Camunda users and groups), listing and deciding real reviews
 * are in {@code review.ReviewApiTest}, with the whole service.
 */
@WebSliceTest(ReviewController.class)
class ReviewRequestContractTest {
  @Autowired Http http;
  @MockitoBean ReviewTasks reviews;
  @MockitoBean CaseFiles caseFiles;
  @MockitoBean PersonalDataAccessLog accessLog;

  @AfterEach
  void nothingReachedTheReviews() {
    verifyNoInteractions(reviews, caseFiles, accessLog);
  }

  @Test
  void reviews_withoutAuth_401() throws Exception {
    assertProblem(http.get("/api/v1/reviews"), 401, "UNAUTHENTICATED");
    assertProblem(
        http.post("/api/v1/reviews/x", Map.of("decision", "APPROVE")), 401, "UNAUTHENTICATED");
  }

  @Test
  void invalidDecision_400() throws Exception {
    assertValidation(
        http.post(
            "/api/v1/reviews/no-such-task",
            Map.of("decision", "MAYBE"),
            "Authorization",
            DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "decision");
    assertValidation(
        http.post("/api/v1/reviews/no-such-task", Map.of(), "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "decision");
    assertValidation(
        http.post(
            "/api/v1/reviews/no-such-task",
            Map.of("decision", "APPROVE", "note", "x".repeat(501)),
            "Authorization",
            DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "note");
  }
}
