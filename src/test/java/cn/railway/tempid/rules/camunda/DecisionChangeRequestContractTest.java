package cn.railway.tempid.rules.camunda;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Rule changes at the web edge: only analysts replay and roll back (401 without a caller, 403 for
 * reviewers and operators in no staff group), staff read the deployments; a replay that is not XML
 * is a 415, a rollback without a version a 400 naming {@code toVersion}, a key that is not a DMN id
 * a 404; none of them reaches the engine. Replays, deployments and rollbacks of real tables are in
 * {@code rules.DecisionReplayTest} and {@code rules.DecisionDeploymentsTest}, with the whole
 * service.
 */
@WebSliceTest(DecisionChangeController.class)
class DecisionChangeRequestContractTest {
  private static final String XML = "<definitions/>";

  @Autowired Http http;
  @MockitoBean DecisionReplay replay;
  @MockitoBean DecisionAudit audit;
  @MockitoBean RepositoryService repository;

  @AfterEach
  void nothingReachedTheEngine() {
    verifyNoInteractions(replay, repository);
  }

  private Http.Response replay(String key, String contentType, String... caller) throws Exception {
    return http.perform(
        post("/api/v1/decisions/" + key + "/replay").contentType(contentType).content(XML), caller);
  }

  private Http.Response rollback(String key, String body, String... caller) throws Exception {
    return http.perform(
        post("/api/v1/decisions/" + key + "/rollback")
            .contentType("application/json")
            .content(body),
        caller);
  }

  /** Was the web part of {@code DecisionDeploymentsTest.theReleasesTables_areListed...}. */
  @Test
  void theDeployments_areReadByStaff_only() throws Exception {
    when(audit.deployments()).thenReturn(List.of());
    for (String[] staff :
        List.of(
            SliceCallers.REVIEWER,
            SliceCallers.ANALYST,
            new String[] {"Authorization", DEMO_OPERATOR})) {
      Http.Response r = http.get("/api/v1/decisions/deployments", staff);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.body().isArray()).isTrue();
    }
    assertProblem(
        http.get("/api/v1/decisions/deployments", SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(
        http.get("/api/v1/decisions/deployments", SliceCallers.PASSENGER), 403, "FORBIDDEN");
    assertProblem(http.get("/api/v1/decisions/deployments"), 401, "UNAUTHENTICATED");
  }

  /** Was the web part of {@code DecisionReplayTest.onlyAnalysts_mayReplay_aDeployedDecision}. */
  @Test
  void onlyAnalysts_mayReplay_anXmlTable() throws Exception {
    assertProblem(replay("approval", "application/xml"), 401, "UNAUTHENTICATED");
    assertProblem(
        replay("approval", "application/xml", SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(replay("approval", "application/xml", SliceCallers.REVIEWER), 403, "FORBIDDEN");
    assertProblem(
        replay("approval", "application/json", SliceCallers.ANALYST),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(replay("1-not-an-id", "text/xml", SliceCallers.ANALYST), 404, "NOT_FOUND");
  }

  /** Was the web part of {@code DecisionDeploymentsTest.aRollback_deploysTheOldXml...}. */
  @Test
  void onlyAnalysts_rollBack_toANamedVersion() throws Exception {
    assertValidation(
        rollback("quota", "{}", SliceCallers.ANALYST), "VALIDATION_FAILED", "toVersion");
    assertValidation(
        rollback("quota", "{\"toVersion\":0}", "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "toVersion");
    assertProblem(rollback("quota", "{\"toVersion\":1}"), 401, "UNAUTHENTICATED");
    assertProblem(
        rollback("quota", "{\"toVersion\":1}", SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(rollback("quota", "{\"toVersion\":1}", SliceCallers.REVIEWER), 403, "FORBIDDEN");
    assertProblem(
        rollback("1-not-an-id", "{\"toVersion\":1}", SliceCallers.ANALYST), 404, "NOT_FOUND");
    verifyNoInteractions(audit);
  }
}
