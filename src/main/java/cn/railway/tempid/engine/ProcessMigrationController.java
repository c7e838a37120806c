package cn.railway.tempid.engine;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moves the running instances of older versions of one process to its newest version (Camunda's
 * migration API, every activity mapped to the one of the same id), for a release whose change needs
 * it (docs/operations.md §6). Administrators only. A dry run (the default) reports per old version
 * how many instances run and whether the plan validates; a real run migrates each old version whose
 * plan is valid, in one transaction per version, and reports the rest with their problems. The same
 * as the runbook's engine REST calls, in one request.
 */
@RestController
@Tag(name = "Operators")
class ProcessMigrationController {
  private static final Logger log = LoggerFactory.getLogger(ProcessMigrationController.class);

  private final RepositoryService repository;
  private final RuntimeService runtime;

  ProcessMigrationController(RepositoryService repository, RuntimeService runtime) {
    this.repository = repository;
    this.runtime = runtime;
  }

  record MigrationRequest(
      @NotBlank
          @Pattern(
              regexp =
                  "^("
                      + ApplicationJourney.PROCESS_KEY
                      + "|"
                      + CertificateLifecycle.PROCESS_KEY
                      + ")$",
              message = "must be temporary-id-application or temporary-id-certificate")
          @Schema(example = CertificateLifecycle.PROCESS_KEY)
          String processKey,
      @Schema(description = "true (the default): only report; false: migrate", example = "true")
          Boolean dryRun) {}

  record VersionReport(
      int version,
      String processDefinitionId,
      long instances,
      boolean valid,
      List<String> problems,
      long migrated) {}

  record MigrationReport(
      String processKey,
      int targetVersion,
      String targetProcessDefinitionId,
      boolean dryRun,
      List<VersionReport> versions) {}

  @Route(
      id = "migrateProcessInstances",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @PostMapping("/api/v1/operator/migrations")
  @Operation(
      summary =
          "Move running instances of older process versions to the newest one (administrator;"
              + " dry run by default)")
  MigrationReport migrate(@Valid @RequestBody MigrationRequest request) {
    String key = request.processKey();
    boolean dryRun = request.dryRun() == null || request.dryRun();
    ProcessDefinition target =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(key)
            .latestVersion()
            .withoutTenantId()
            .singleResult();
    List<VersionReport> versions = new ArrayList<>();
    for (ProcessDefinition source :
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(key)
            .withoutTenantId()
            .orderByProcessDefinitionVersion()
            .asc()
            .list()) {
      if (source.getVersion() >= target.getVersion()) {
        continue;
      }
      long instances =
          runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).count();
      if (instances == 0) {
        continue;
      }
      List<String> problems = new ArrayList<>();
      MigrationPlan plan = null;
      try {
        plan =
            runtime
                .createMigrationPlan(source.getId(), target.getId())
                .mapEqualActivities()
                .build();
      } catch (MigrationPlanValidationException e) {
        for (MigrationInstructionValidationReport r :
            e.getValidationReport().getInstructionReports()) {
          for (String failure : r.getFailures()) {
            problems.add(r.getMigrationInstruction() + ": " + failure);
          }
        }
        if (problems.isEmpty()) {
          problems.add(e.getMessage());
        }
      }
      long migrated = 0;
      if (plan != null && !dryRun) {
        try {
          runtime
              .newMigration(plan)
              .processInstanceQuery(
                  runtime.createProcessInstanceQuery().processDefinitionId(source.getId()))
              .execute();
          migrated = instances;
          log.info(
              "Migrated {} instance(s) of {} version {} to version {}",
              instances,
              key,
              source.getVersion(),
              target.getVersion());
        } catch (MigratingProcessInstanceValidationException e) {
          problems.add(e.getMessage());
        }
      }
      versions.add(
          new VersionReport(
              source.getVersion(),
              source.getId(),
              instances,
              problems.isEmpty(),
              List.copyOf(problems),
              migrated));
    }
    return new MigrationReport(key, target.getVersion(), target.getId(), dryRun, versions);
  }
}
