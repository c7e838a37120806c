package cn.railway.tempid.rules;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which table and version decided each step of an application (reviewers and administrators, HTTP
 * Basic): the answer to "why was this refused, and under which rules?" after an analyst has
 * deployed new versions. Codes and versions only; nothing about the applicant.
 */
@RestController
@RequestMapping("/api/v1/decisions")
@Tag(name = "Operators")
class DecisionRecordController {
  private final DecisionRules rules;

  DecisionRecordController(DecisionRules rules) {
    this.rules = rules;
  }

  @Route(
      id = "listDecisions",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @GetMapping
  @Operation(summary = "The decision tables (key, version, outcome) that decided an application")
  List<DecisionRules.RecordedDecision> decisions(
      @RequestParam(required = false) String applicationId) {
    if (applicationId == null || applicationId.isBlank() || applicationId.length() > 36) {
      throw ApiException.invalidField(
          "applicationId", "REQUIRED", "Field 'applicationId': an application id is required.");
    }
    return rules.recordedFor(applicationId);
  }
}
