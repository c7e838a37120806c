package cn.railway.tempid.certificate.web;

import cn.railway.tempid.certificate.revocation.RevocationRequests;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators (reviewers or administrators, HTTP Basic) revoke a certificate, e.g. after a fraud
 * report, with a reason code; the note is stored encrypted and never shown back. Visible in Cockpit
 * as the certificate's lifecycle ending at "Certificate revoked".
 */
@RestController
@Tag(name = "Operators")
class OperatorRevocationController {
  private final RevocationRequests revocations;

  OperatorRevocationController(RevocationRequests revocations) {
    this.revocations = revocations;
  }

  record OperatorRevocationRequest(
      @NotBlank
          @Size(max = 64)
          @Pattern(
              regexp = "^[A-Z][A-Z0-9_]*$",
              message = "must be an UPPER_SNAKE reason code such as REPORTED_FRAUD")
          String reasonCode,
      @Size(max = 500) String note) {
    @Override
    public String toString() {
      return "OperatorRevocationRequest[reasonCode=" + reasonCode + ", note=****]";
    }
  }

  @Route(
      id = "revokeCertificateAsOperator",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @PostMapping("/api/v1/operator/certificates/{id}/revocation")
  @Operation(summary = "Revoke a certificate with a reason code (reviewer or administrator)")
  CertificateController.RevocationView revoke(
      @AuthenticationPrincipal Caller.Operator operator,
      @PathVariable String id,
      @Valid @RequestBody OperatorRevocationRequest request) {
    return CertificateController.RevocationView.of(
        revocations.byOperator(operator, id, request.reasonCode(), request.note()));
  }
}
