package cn.railway.tempid.application.web;

import cn.railway.tempid.application.guest.CertificateLookup;
import cn.railway.tempid.shared.PersonName;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Guests who closed the page find their certificate again with their identity plus liveness. */
@RestController
@Tag(name = "Certificates and QR frames")
class CertificateLookupController {
  private final CertificateLookup lookups;

  CertificateLookupController(CertificateLookup lookups) {
    this.lookups = lookups;
  }

  record LookupRequest(
      @NotBlank @Size(max = 64) @Pattern(regexp = PersonName.PATTERN) String name,
      @NotBlank @Size(max = 40) @Pattern(regexp = "^[A-Z][A-Z_]*$") String idType,
      @NotBlank @Size(max = 32) String idNumber) {
    @Override
    public String toString() {
      return "LookupRequest[****]";
    }
  }

  @Route(
      id = "lookupCertificate",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.FACE_CHECKS_LOCKED, ProblemCode.RATE_LIMITED})
  @PostMapping("/api/v1/certificates/lookup")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Start finding a guest's certificate: always 202 with a liveness session")
  CertificateLookup.LookupStarted lookup(@Valid @RequestBody LookupRequest request) {
    return lookups.lookup(request.name(), request.idType(), request.idNumber());
  }

  @Route(
      id = "getLookupResult",
      callers = {CallerKind.ANYONE},
      problems = {ProblemCode.NOT_FOUND, ProblemCode.FACE_CHECKS_LOCKED})
  @GetMapping("/api/v1/liveness/{sessionId}/certificate")
  @Operation(
      summary =
          "After the lookup's liveness passed: the certificate and a new applicant token, or 404;"
              + " 429 FACE_CHECKS_LOCKED while the person's face checks are locked")
  CertificateLookup.LookupResult lookupResult(@PathVariable String sessionId) {
    if (sessionId.length() > 64) {
      throw ApiException.notFound();
    }
    return lookups.lookupResult(sessionId).orElseThrow(ApiException::notFound);
  }
}
