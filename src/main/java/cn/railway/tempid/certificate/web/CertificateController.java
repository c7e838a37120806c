package cn.railway.tempid.certificate.web;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.certificate.revocation.RevocationRequests;
import cn.railway.tempid.certificate.revocation.Revocations;
import cn.railway.tempid.certificate.use.HolderViews;
import cn.railway.tempid.certificate.use.ViewAccess;
import cn.railway.tempid.certificate.use.ViewSessionStore;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ProblemCode;
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
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The holder's certificate API: request mapping and validation only; the rules are in {@code use/}
 * (owner only, usable, a fresh face check) and {@code revocation/}.
 */
@RestController
@RequestMapping("/api/v1/certificates")
@Tag(name = "Certificates and QR frames")
class CertificateController {
  private final HolderViews holderViews;
  private final ViewAccess viewAccess;
  private final RevocationRequests revocations;
  private final Clock clock;

  CertificateController(
      HolderViews holderViews, ViewAccess viewAccess, RevocationRequests revocations, Clock clock) {
    this.holderViews = holderViews;
    this.viewAccess = viewAccess;
    this.revocations = revocations;
    this.clock = clock;
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
    Certificate c = holderViews.certificate(caller, id);
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
  @Operation(
      summary =
          "Open the QR page for 30 minutes with a fresh, passed liveness check (R11/R12); 429"
              + " FACE_CHECKS_LOCKED while the person's face checks are locked")
  ViewSessionCreated openViewSession(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Valid @RequestBody ViewSessionRequest request) {
    ViewSessionStore.Opened opened =
        viewAccess.openViewSession(caller, id, request.livenessSessionId());
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
    LivenessSession session = viewAccess.startReverification(caller, id);
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
    HolderViews.ChecksAndAlerts log = holderViews.checks(caller, id);
    return new Checks(log.checks(), log.alerts());
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
  @Operation(
      summary =
          "Revoke the caller's certificate (e.g. the ID card was found) after a fresh face check;"
              + " idempotent; 429 FACE_CHECKS_LOCKED while the person's face checks are locked")
  RevocationView revoke(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Valid @RequestBody RevocationRequest request) {
    return RevocationView.of(
        revocations.byHolder(caller, id, request.reason(), request.livenessSessionId()));
  }
}
