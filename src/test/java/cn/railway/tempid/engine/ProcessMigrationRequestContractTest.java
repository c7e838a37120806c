package cn.railway.tempid.engine;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code POST /api/v1/operator/migrations} at the web edge: administrators only (401 without a
 * caller, 403 for reviewers, analysts and passengers), a process key of this service's two
 * processes (400 naming {@code processKey}), a JSON body (415); none of them reaches the engine.
 * Migrating real instances is in {@code engine.ProcessMigrationApiTest}, with the whole service.
 */
@WebSliceTest(ProcessMigrationController.class)
class ProcessMigrationRequestContractTest {
  private static final String MIGRATIONS = "/api/v1/operator/migrations";

  @Autowired Http http;
  @MockitoBean RepositoryService repository;
  @MockitoBean RuntimeService runtime;
  @MockitoBean ManagementService management;

  @AfterEach
  void nothingReachedTheEngine() {
    verifyNoInteractions(repository, runtime, management);
  }

  /** Was part of {@code ProcessMigrationApiTest}: a reviewer may not move process instances. */
  @Test
  void administratorsOnly() throws Exception {
    Map<String, Object> dryRun = Map.of("processKey", CertificateLifecycle.PROCESS_KEY);
    assertProblem(http.post(MIGRATIONS, dryRun), 401, "UNAUTHENTICATED");
    assertProblem(http.post(MIGRATIONS, dryRun, SliceCallers.REVIEWER), 403, "FORBIDDEN");
    assertProblem(http.post(MIGRATIONS, dryRun, SliceCallers.ANALYST), 403, "FORBIDDEN");
    assertProblem(http.post(MIGRATIONS, dryRun, SliceCallers.NO_STAFF_GROUP), 403, "FORBIDDEN");
    assertProblem(http.post(MIGRATIONS, dryRun, SliceCallers.PASSENGER), 403, "FORBIDDEN");
  }

  /** The processKey case was part of {@code ProcessMigrationApiTest}. */
  @Test
  void onlyThisServicesProcesses_inAJsonBody() throws Exception {
    assertValidation(
        http.post(
            MIGRATIONS, Map.of("processKey", "some-other-process"), "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "processKey");
    assertValidation(
        http.post(MIGRATIONS, Map.of("dryRun", false), "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "processKey");
    assertValidation(
        http.post(
            MIGRATIONS,
            Map.of("processKey", CertificateLifecycle.PROCESS_KEY, "dryRun", "perhaps"),
            "Authorization",
            DEMO_OPERATOR),
        "VALIDATION_FAILED");
    assertProblem(
        http.perform(
            MockMvcRequestBuilders.post(MIGRATIONS)
                .contentType(MediaType.TEXT_PLAIN)
                .content(CertificateLifecycle.PROCESS_KEY),
            "Authorization",
            DEMO_OPERATOR),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
  }
}
