package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rule changes by analysts (HTTP Basic, Camunda users): replay a candidate table against last
 * month's recorded evaluations before deploying it, read who deployed which version, and roll a
 * table back to an earlier version. Codes, counts and rule ids only; nothing about applicants.
 */
@RestController
@RequestMapping("/api/v1/decisions")
@Tag(name = "Operators")
class DecisionChangeController {
  /** A decision key as DMN ids are written (no path tricks, bounded). */
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");

  private final DecisionReplay replay;
  private final DecisionAudit audit;
  private final RepositoryService repository;

  DecisionChangeController(
      DecisionReplay replay, DecisionAudit audit, RepositoryService repository) {
    this.replay = replay;
    this.audit = audit;
    this.repository = repository;
  }

  @Route(
      id = "replayDecision",
      callers = {CallerKind.ANALYST},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.RULE_GATE_FAILED})
  @PostMapping(
      path = "/{key}/replay",
      consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
  @Operation(
      summary =
          "What a candidate DMN table would change over the last 30 days' recorded evaluations"
              + " (nothing is deployed)")
  DecisionReplay.Summary replay(
      @PathVariable String key,
      @RequestBody byte[] xml,
      @AuthenticationPrincipal Caller.Operator analyst) {
    requireDeployed(key);
    try {
      return replay.replay(key, xml, analyst.userId());
    } catch (DecisionReplay.GateFailed failed) {
      throw gateFailed(failed);
    }
  }

  @Route(
      id = "listDecisionDeployments",
      callers = {CallerKind.REVIEWER, CallerKind.ANALYST, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping("/deployments")
  @Operation(summary = "Every deployed version of every decision table, newest first")
  List<DecisionAudit.DeployedVersion> deployments() {
    return audit.deployments();
  }

  /** The body of a rollback. */
  record RollbackRequest(Integer toVersion) {}

  @Route(
      id = "rollbackDecision",
      callers = {CallerKind.ANALYST},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.RULE_GATE_FAILED})
  @PostMapping("/{key}/rollback")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Deploy an earlier version of a decision table again, as a new version")
  DecisionAudit.RolledBack rollback(
      @PathVariable String key,
      @RequestBody RollbackRequest body,
      @AuthenticationPrincipal Caller.Operator analyst) {
    if (body == null || body.toVersion() == null || body.toVersion() < 1) {
      throw ApiException.invalidField(
          "toVersion", "REQUIRED", "Field 'toVersion': the version to roll back to is required.");
    }
    if (!KEY.matcher(key).matches()) {
      throw ApiException.notFound();
    }
    try {
      return audit
          .rollback(key, body.toVersion(), analyst.userId(), analyst.groups())
          .orElseThrow(ApiException::notFound);
    } catch (DecisionReplay.GateFailed failed) {
      throw gateFailed(failed);
    }
  }

  private void requireDeployed(String key) {
    if (!KEY.matcher(key).matches()
        || repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(key)
                .withoutTenantId()
                .count()
            == 0) {
      throw ApiException.notFound();
    }
  }

  private static ApiException gateFailed(DecisionReplay.GateFailed failed) {
    return new ApiException(
        ProblemCode.RULE_GATE_FAILED,
        "The table does not pass the rule gate: " + String.join("; ", failed.errors),
        Map.of("errors", failed.errors));
  }
}
