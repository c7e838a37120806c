package cn.railway.tempid.certificate;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
  private final Revocations revocations;
  private final CheckLog checkLog;
  private final FaceCheckEvents faceChecks;

  private final CertificateHolders holders;

  CertificateController(
      CertificateService certificates,
      ViewSessions views,
      LivenessService liveness,
      CertificateProcess process,
      AbuseLimits limits,
      Clock clock,
      @Value("${tempid.certificate.liveness-freshness}") Duration livenessFreshness,
      PersonalDataAccessLog accessLog,
      Revocations revocations,
      CheckLog checkLog,
      FaceCheckEvents faceChecks,
      CertificateHolders holders) {
    this.accessLog = accessLog;
    this.revocations = revocations;
    this.checkLog = checkLog;
    this.faceChecks = faceChecks;
    this.holders = holders;
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

  record RevocationRequest(
      @NotBlank @Size(max = 64) String livenessSessionId,
      @NotNull @Pattern(regexp = "ID_CARD_FOUND|OTHER", message = "must be ID_CARD_FOUND or OTHER")
          String reason) {}

  /** The answer to a revocation, by the holder or an operator. */
  record RevocationView(String certificateId, String status, Instant revokedAt) {
    static RevocationView of(Revocations.Revoked r) {
      return new RevocationView(r.certificateId(), CertificateStatus.REVOKED.name(), r.revokedAt());
    }
  }

  @Route(
      id = "getCertificate",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {ProblemCode.NOT_FOUND})
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

  @Route(
      id = "openViewSession",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {
        ProblemCode.NOT_FOUND,
        ProblemCode.LIVENESS_REQUIRED,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.CERTIFICATE_EXPIRED,
        ProblemCode.CERTIFICATE_SUPERSEDED,
        ProblemCode.CERTIFICATE_REVOKED
      })
  @PostMapping("/{id}/view-sessions")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  @Operation(
      summary =
          "Open the QR page for 30 minutes with a fresh, passed liveness check (R11/R12); 429"
              + " FACE_CHECKS_LOCKED while the person's face checks are locked")
  ViewSessionCreated openViewSession(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Valid @RequestBody ViewSessionRequest request) {
    Certificate c = owned(caller, id);
    requireUsable(c);
    requireFreshFaceCheck(c, request.livenessSessionId());
    ViewSessions.Opened opened =
        views.open(
            c.id(),
            caller instanceof Caller.Passenger p ? p.accountId() : null,
            request.livenessSessionId());
    process.viewSessionStarted(c.id(), opened.id());
    return new ViewSessionCreated(opened.token(), opened.expiresAt());
  }

  @Route(
      id = "startReverification",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {
        ProblemCode.NOT_FOUND,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.RATE_LIMITED,
        ProblemCode.CERTIFICATE_EXPIRED,
        ProblemCode.CERTIFICATE_SUPERSEDED,
        ProblemCode.CERTIFICATE_REVOKED
      })
  @PostMapping("/{id}/reverifications")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Start a face re-verification for viewing (uses no quota, R13); 429 FACE_CHECKS_LOCKED"
              + " after repeated failed face checks of the person")
  ReverificationStarted reverify(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
    Certificate c = owned(caller, id);
    requireUsable(c);
    faceChecks.requireUnlocked(c.personKey()); // 429 FACE_CHECKS_LOCKED after repeated failures
    limits.livenessStart(c.personKey());
    LivenessSession session =
        liveness.start(
            LivenessSession.Purpose.REVERIFICATION,
            null,
            c.id(),
            c.personKey(),
            1,
            holders.subjectOf(c));
    return new ReverificationStarted(session.id(), session.expiresAt());
  }

  /** The holder's check log: newest first; codes and times only. */
  record Checks(java.util.List<CheckLog.Check> items, java.util.List<CheckLog.Alert> alerts) {}

  @Route(
      id = "listCertificateChecks",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {ProblemCode.NOT_FOUND})
  @GetMapping("/{id}/checks")
  @Operation(
      summary =
          "Where and when the caller's certificate was checked, and alerts such as impossible"
              + " travel (owner only)")
  Checks checks(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
    Certificate c = owned(caller, id);
    return new Checks(checkLog.checks(c.id()), checkLog.alerts(c.id()));
  }

  @Route(
      id = "revokeOwnCertificate",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {
        ProblemCode.NOT_FOUND,
        ProblemCode.LIVENESS_REQUIRED,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.CERTIFICATE_NOT_ACTIVE
      })
  @PostMapping("/{id}/revocation")
  @Transactional
  @Operation(
      summary =
          "Revoke the caller's certificate (e.g. the ID card was found) after a fresh face check;"
              + " idempotent; 429 FACE_CHECKS_LOCKED while the person's face checks are locked")
  RevocationView revoke(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Valid @RequestBody RevocationRequest request) {
    Certificate c = owned(caller, id);
    java.util.Optional<Revocations.Revoked> already = revocations.find(c.id());
    if (already.isPresent()) {
      return RevocationView.of(already.get()); // a retry: the same answer, no face check used
    }
    revocations.requireRevocable(c);
    requireFreshFaceCheck(c, request.livenessSessionId());
    return RevocationView.of(revocations.revoke(c.id(), caller, request.reason(), null));
  }

  /**
   * The holder's own face: a PASSED, unused liveness session of the certificate's person, finished
   * within the freshness window, used up here (R11/R12; viewing and revoking alike). {@code 422
   * LIVENESS_REQUIRED} otherwise. While the person's face checks are locked, {@code 429
   * FACE_CHECKS_LOCKED} first, and the session is not used up: the lock holds at every use of a
   * face check, also of one that passed before the lock.
   */
  private void requireFreshFaceCheck(Certificate c, String livenessSessionId) {
    faceChecks.requireUnlocked(c.personKey());
    if (!liveness.usePassed(livenessSessionId, c.personKey(), livenessFreshness)) {
      throw new ApiException(ProblemCode.LIVENESS_REQUIRED);
    }
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
