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
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.jobexecutor.AsyncContinuationJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.MessageJobDeclaration;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
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
 *
 * <p>An instance waiting in a job (an asynchronous continuation) before or after an activity that
 * is no longer asynchronous in the newest version cannot be moved: the engine would refuse the
 * whole version at the real run, while its plan validates. Such instances are found before, in the
 * dry run too, reported as a problem naming the activity, and left on their version (where they
 * finish as that version's model says); the version's other instances are migrated.
 */
@RestController
@Tag(name = "Operators")
class ProcessMigrationController {
  private static final Logger log = LoggerFactory.getLogger(ProcessMigrationController.class);

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final ManagementService management;

  ProcessMigrationController(
      RepositoryService repository, RuntimeService runtime, ManagementService management) {
    this.repository = repository;
    this.runtime = runtime;
    this.management = management;
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
      Set<String> stranded = new TreeSet<>();
      if (plan != null) {
        strandedInRemovedJobs(source, target, problems, stranded);
      }
      long migrated = 0;
      if (plan != null && !dryRun) {
        try {
          if (stranded.isEmpty()) {
            runtime
                .newMigration(plan)
                .processInstanceQuery(
                    runtime.createProcessInstanceQuery().processDefinitionId(source.getId()))
                .execute();
            migrated = instances;
          } else {
            List<String> movable =
                runtime
                    .createProcessInstanceQuery()
                    .processDefinitionId(source.getId())
                    .list()
                    .stream()
                    .map(ProcessInstance::getId)
                    .filter(id -> !stranded.contains(id))
                    .toList();
            if (!movable.isEmpty()) {
              runtime.newMigration(plan).processInstanceIds(movable).execute();
            }
            migrated = movable.size();
          }
          log.info(
              "Migrated {} instance(s) of {} version {} to version {}",
              migrated,
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

  /**
   * The instances of {@code source} waiting in a job before (or after) an activity that the newest
   * version runs without one: one problem per such activity, and their ids into {@code stranded}.
   */
  private void strandedInRemovedJobs(
      ProcessDefinition source,
      ProcessDefinition target,
      List<String> problems,
      Set<String> stranded) {
    List<JobDefinition> continuations =
        management
            .createJobDefinitionQuery()
            .processDefinitionId(source.getId())
            .jobType(AsyncContinuationJobHandler.TYPE)
            .list();
    if (continuations.isEmpty()) {
      return;
    }
    BpmnModelInstance targetModel = repository.getBpmnModelInstance(target.getId());
    for (JobDefinition continuation : continuations) {
      boolean before =
          MessageJobDeclaration.ASYNC_BEFORE.equals(continuation.getJobConfiguration());
      ModelElementInstance element = targetModel.getModelElementById(continuation.getActivityId());
      boolean stillAsync =
          element instanceof FlowNode node
              && (before ? node.isCamundaAsyncBefore() : node.isCamundaAsyncAfter());
      if (stillAsync || element == null) {
        continue; // kept; or removed altogether, which the plan's validation reports
      }
      Set<String> waiting = new TreeSet<>();
      for (Job job : management.createJobQuery().jobDefinitionId(continuation.getId()).list()) {
        waiting.add(job.getProcessInstanceId());
      }
      if (waiting.isEmpty()) {
        continue;
      }
      stranded.addAll(waiting);
      problems.add(
          waiting.size()
              + " instance(s) wait in a job "
              + (before ? "before" : "after")
              + " '"
              + continuation.getActivityId()
              + "', which version "
              + target.getVersion()
              + " runs without one (no async"
              + (before ? "Before" : "After")
              + "): they stay on version "
              + source.getVersion()
              + " and finish there");
    }
  }
}
