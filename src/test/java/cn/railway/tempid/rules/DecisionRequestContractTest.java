package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The decision contract and the recorded decisions at the web edge (one context): who may read them
 * (401 without a caller, 403 for a caller of another kind) and that the recorded decisions need an
 * application id (400 naming it, the records not read). What is recorded for real applications is
 * in {@code rules.DecisionRecordApiTest}, with the whole service.
 */
@WebSliceTest({DecisionContractController.class, DecisionRecordController.class})
class DecisionRequestContractTest {
  private static final String CONTRACT = "/api/v1/decisions/contract";

  @Autowired Http http;
  @MockitoBean DecisionRules rules;

  /** Was {@code DecisionContractTest.theContract_isShownToOperatorsAndAnalysts_andToNobodyElse}. */
  @Test
  void theContract_isShownToOperatorsAndAnalysts_andToNobodyElse() throws Exception {
    Http.Response answer = http.get(CONTRACT, "Authorization", DEMO_OPERATOR);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(MediaType.parseMediaType(answer.contentType()))
        .isEqualTo(MediaType.APPLICATION_JSON);
    JsonNode approvalContract = null;
    List<String> keys = new ArrayList<>();
    for (JsonNode decision : answer.body()) {
      keys.add(decision.path("decisionKey").asText());
      if (decision.path("decisionKey").asText().equals("approval")) {
        approvalContract = decision;
      }
    }
    assertThat(keys).containsExactlyElementsOf(DecisionContract.keys());
    assertThat(approvalContract.path("inputs").toString())
        .contains("{\"name\":\"registryResult\",\"type\":\"string\"}")
        .contains("{\"name\":\"faceMatchScore\",\"type\":\"double\"}")
        .doesNotContain("age");
    assertThat(approvalContract.path("outputs").get(0).toString())
        .isEqualTo(
            "{\"name\":\"decision\",\"allowedValues\":[\"\\\"APPROVE\\\"\",\"\\\"REJECT\\\"\","
                + "\"\\\"MANUAL_REVIEW\\\"\"]}");

    assertThat(http.get(CONTRACT, SliceCallers.ANALYST).status()).isEqualTo(200);
    assertThat(http.get(CONTRACT, SliceCallers.REVIEWER).status()).isEqualTo(200);
    assertProblem(http.get(CONTRACT, SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(http.get(CONTRACT, SliceCallers.PASSENGER), 403, "FORBIDDEN");
    assertProblem(http.get(CONTRACT), 401, "UNAUTHENTICATED");
  }

  /**
   * Was the web part of {@code
   * DecisionRecordApiTest.onlyReviewersAndAdministrators_mayRead_andAnIdIsRequired}.
   */
  @Test
  void onlyReviewersAndAdministrators_mayReadDecisions_andAnIdIsRequired() throws Exception {
    String some = "/api/v1/decisions?applicationId=x";
    assertProblem(http.get(some), 401, "UNAUTHENTICATED");
    assertProblem(http.get(some, SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(http.get(some, SliceCallers.PASSENGER), 403, "FORBIDDEN");
    assertProblem(http.get(some, SliceCallers.GUEST), 403, "FORBIDDEN");
    assertProblem(http.get(some, SliceCallers.ANALYST), 403, "FORBIDDEN");

    assertValidation(
        http.get("/api/v1/decisions", "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "applicationId");
    assertValidation(
        http.get("/api/v1/decisions?applicationId=", "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "applicationId");
    assertValidation(
        http.get(
            "/api/v1/decisions?applicationId=" + "x".repeat(300), "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "applicationId");
    verifyNoInteractions(rules);

    when(rules.recordedFor("x")).thenReturn(List.of());
    Http.Response reviewer = http.get(some, SliceCallers.REVIEWER);
    assertThat(reviewer.status()).as("%s", reviewer).isEqualTo(200);
    assertThat(reviewer.body()).isEmpty();
  }
}
