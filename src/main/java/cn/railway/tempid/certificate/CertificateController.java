package cn.railway.tempid.certificate;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/certificates")
@Tag(name = "Certificates and QR frames")
class CertificateController {
  private final CertificateService certificates;
  private final ViewSessions views;
  private final LivenessService liveness;
  private final CertificateProcess process;
  private final AbuseLimits limits;
  private final Clock clock;
  private final Duration livenessFreshness;
  private final PersonalDataAccessLog accessLog;

  CertificateController(
      CertificateService certificates,
      ViewSessions views,
      LivenessService liveness,
      CertificateProcess process,
      AbuseLimits limits,
      Clock clock,
      @Value("${tempid.certificate.liveness-freshness}") Duration livenessFreshness,
      PersonalDataAccessLog accessLog) {
    this.accessLog = accessLog;
    this.certificates = certificates;
    this.views = views;
    this.liveness = liveness;
    this.process = process;
    this.limits = limits;
    this.clock = clock;
    this.livenessFreshness = livenessFreshness;
  }

  record CertificateView(
      String certificateId,
      String status,
      Instant issuedAt,
      Instant expiresAt,
      Instant renewalOpensAt,
      String maskedName,
      String maskedIdNumber,
      Long statusIndex) {}

  record ViewSessionRequest(@NotBlank @Size(max = 64) String livenessSessionId) {}

  record ViewSessionCreated(String viewSessionToken, Instant expiresAt) {}

  record ReverificationStarted(String sessionId, Instant expiresAt) {}

  @GetMapping("/{id}")
  @Operation(summary = "A certificate of the caller (owner only)")
  CertificateView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
    Certificate c = owned(caller, id);
    accessLog.record(
        caller,
        PersonalDataAccessLog.SubjectType.CERTIFICATE,
        c.id(),
        PersonalDataAccessLog.Shown.MASKED,
        PersonalDataAccessLog.Purpose.OWNER_VIEW);
    return new CertificateView(
        c.id(),
        c.statusAt(clock.instant()).name(),
        c.issuedAt(),
        c.expiresAt(),
        c.renewalOpensAt(),
        c.maskedName(),
        c.maskedIdNumber(),
        c.statusIndex());
  }

  @PostMapping("/{id}/view-sessions")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  @Operation(
      summary = "Open the QR page for 30 minutes with a fresh, passed liveness check (R11/R12)")
  ViewSessionCreated openViewSession(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Valid @RequestBody ViewSessionRequest request) {
    Certificate c = owned(caller, id);
    requireUsable(c);
    if (!liveness.usePassed(request.livenessSessionId(), c.personKey(), livenessFreshness)) {
      throw new ApiException(ProblemCode.LIVENESS_REQUIRED);
    }
    ViewSessions.Opened opened =
        views.open(
            c.id(),
            caller instanceof Caller.Passenger p ? p.accountId() : null,
            request.livenessSessionId());
    process.viewSessionStarted(c.id(), opened.id());
    return new ViewSessionCreated(opened.token(), opened.expiresAt());
  }

  @PostMapping("/{id}/reverifications")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start a face re-verification for viewing (uses no quota, R13)")
  ReverificationStarted reverify(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
    Certificate c = owned(caller, id);
    requireUsable(c);
    limits.livenessStart(c.personKey());
    LivenessSession session =
        liveness.start(LivenessSession.Purpose.REVERIFICATION, null, c.id(), c.personKey(), 1);
    return new ReverificationStarted(session.id(), session.expiresAt());
  }

  /** 410 with the certificate's status once it can no longer be used. */
  void requireUsable(Certificate c) {
    switch (c.statusAt(clock.instant())) {
      case EXPIRED -> throw new ApiException(ProblemCode.CERTIFICATE_EXPIRED);
      case SUPERSEDED -> throw new ApiException(ProblemCode.CERTIFICATE_SUPERSEDED);
      case REVOKED -> throw new ApiException(ProblemCode.CERTIFICATE_REVOKED);
      default -> {}
    }
  }

  private Certificate owned(Caller caller, String id) {
    return (id.length() > 64 ? java.util.Optional.<Certificate>empty() : certificates.find(id))
        .filter(
            c ->
                caller instanceof Caller.Passenger p
                    ? p.personKey().equals(c.personKey())
                    : caller instanceof Caller.Guest g
                        && g.applicationId().equals(c.applicationId()))
        .orElseThrow(ApiException::notFound);
  }
}
