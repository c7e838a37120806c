package cn.railway.tempid.audit;

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

/** Who saw a case's personal data: for administrators ({@code camunda-admin}, HTTP Basic). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Operators")
class AuditController {
  private final PersonalDataAccessLog log;

  AuditController(PersonalDataAccessLog log) {
    this.log = log;
  }

  @Route(
      id = "listAuditEntries",
      callers = {CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping
  @Operation(summary = "Personal-data access entries of an application or certificate id")
  List<PersonalDataAccessLog.Entry> entries(@RequestParam(required = false) String subjectId) {
    if (subjectId == null || subjectId.isBlank() || subjectId.length() > 36) {
      throw ApiException.invalidField(
          "subjectId",
          "REQUIRED",
          "Field 'subjectId': an application or certificate id is required.");
    }
    return log.forSubject(subjectId);
  }
}
