package cn.railway.tempid.audit;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The audit trail at the web edge: for administrators only (401 without a caller, 403 for
 * reviewers, analysts, passengers and guests) and only with a subject id (400 naming {@code
 * subjectId}); none of the refused requests reads the log. What is audited is in {@code
 * audit.PersonalDataAccessTest}, with the whole service.
 */
@WebSliceTest(AuditController.class)
class AuditRequestContractTest {
  private static final String SOME = "/api/v1/audit?subjectId=x";

  @Autowired Http http;
  @MockitoBean PersonalDataAccessLog log;

  /** Was the web part of {@code PersonalDataAccessTest.theAuditTrail_isForAdministratorsOnly}. */
  @Test
  void theAuditTrail_isForAdministratorsOnly_andNeedsASubject() throws Exception {
    assertProblem(http.get(SOME), 401, "UNAUTHENTICATED");
    assertProblem(http.get(SOME, SliceCallers.REVIEWER), 403, "FORBIDDEN");
    assertProblem(http.get(SOME, SliceCallers.ANALYST), 403, "FORBIDDEN");
    assertProblem(http.get(SOME, SliceCallers.PASSENGER), 403, "FORBIDDEN");
    assertProblem(http.get(SOME, SliceCallers.GUEST), 403, "FORBIDDEN");
    assertProblem(http.get(SOME, "Authorization", "Basic " + "eA=="), 401, "UNAUTHENTICATED");
    assertValidation(
        http.get("/api/v1/audit", "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "subjectId");
    assertValidation(
        http.get("/api/v1/audit?subjectId=" + "x".repeat(37), "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "subjectId");
    verifyNoInteractions(log);

    when(log.forSubject("x")).thenReturn(List.of());
    Http.Response admin = http.get(SOME, "Authorization", DEMO_OPERATOR);
    assertThat(admin.status()).as("%s", admin).isEqualTo(200);
    assertThat(MediaType.parseMediaType(admin.contentType())).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(admin.body()).isEmpty();
  }
}
