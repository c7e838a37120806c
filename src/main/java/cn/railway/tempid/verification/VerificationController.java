package cn.railway.tempid.verification;

import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.frame.CertificateState;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@EnableConfigurationProperties(VerificationProperties.class)
@RequestMapping("/api/v1")
@Tag(
    name = "Checkpoints",
    description = "Gates, ticket windows, real-name checks, on-train devices")
class VerificationController {
  private final VerificationService verifications;
  private final OfflineSightings offlineSightings;
  private final SigningKeys keys;
  private final CertificateService certificates;
  private final Clock clock;
  private final Duration statusListTtl;
  private final StatusListTokens statusListTokens;
  private final String statusListUri;

  VerificationController(
      VerificationService verifications,
      OfflineSightings offlineSightings,
      SigningKeys keys,
      CertificateService certificates,
      Clock clock,
      StatusListTokens statusListTokens,
      VerificationProperties settings) {
    this.statusListTokens = statusListTokens;
    this.statusListUri = settings.statusListUri();
    this.verifications = verifications;
    this.offlineSightings = offlineSightings;
    this.keys = keys;
    this.certificates = certificates;
    this.clock = clock;
    this.statusListTtl = settings.frames().statusListTtl();
  }

  record CheckpointRef(
      @NotBlank @Size(max = 64) String id,
      @NotNull @Pattern(regexp = CheckpointType.PATTERN) String type) {}

  /**
   * A malformed token is still a 200 REJECTED/MALFORMED, so only its length is bounded here. {@code
   * ticketIdNumber} (optional) is the ID number printed on the passenger's e-ticket; it is compared
   * with the holder's, never stored, logged or echoed.
   */
  record VerificationRequest(
      @NotNull @Size(max = 4096) String token,
      @NotNull @Valid CheckpointRef checkpoint,
      @Size(min = 1, max = 64) String ticketIdNumber) {
    @Override
    public String toString() {
      return "VerificationRequest[checkpoint="
          + checkpoint
          + ", ticketIdNumber="
          + (ticketIdNumber == null ? "none" : "****")
          + "]";
    }
  }

  /**
   * Every field of the contract is always present (null when unknown); the full ID number only for
   * ticket windows and real-name checks whose key has real-name rights, {@code ticketHolderMatches}
   * only when the request carried a ticket's ID number and the frame was accepted.
   */
  record VerificationResponse(
      String result,
      String reason,
      String certificateId,
      String maskedName,
      String maskedIdNumber,
      @JsonInclude(JsonInclude.Include.NON_NULL) String idNumber,
      java.time.Instant certificateExpiresAt,
      java.time.Instant alreadySeenAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean ticketHolderMatches) {}

  @Route(
      id = "verifyFrame",
      callers = {CallerKind.CHECKPOINT},
      problems = {ProblemCode.CHECKPOINT_TYPE_NOT_ALLOWED, ProblemCode.TICKET_MATCH_LIMITED})
  @PostMapping("/verifications")
  @Operation(summary = "Verify a QR frame online (X-Checkpoint-Key)")
  VerificationResponse verify(
      @AuthenticationPrincipal Caller.Checkpoint checkpoint,
      @Valid @RequestBody VerificationRequest request) {
    CheckpointType type = CheckpointType.valueOf(request.checkpoint().type());
    if (!checkpoint.mayActAs(type.name())) {
      throw new ApiException(ProblemCode.CHECKPOINT_TYPE_NOT_ALLOWED);
    }
    VerificationService.Outcome o =
        verifications.verify(
            request.token(), request.checkpoint().id(), type, checkpoint, request.ticketIdNumber());
    return new VerificationResponse(
        o.result(),
        o.reason(),
        o.certificateId(),
        o.maskedName(),
        o.maskedIdNumber(),
        o.idNumber(),
        o.certificateExpiresAt(),
        o.alreadySeenAt(),
        o.ticketHolderMatches());
  }

  record OfflineSightingRequest(
      @NotNull @Size(max = 4096) String token,
      @NotNull @Valid CheckpointRef checkpoint,
      @NotNull java.time.Instant scannedAt) {}

  record OfflineSightingsRequest(
      @NotNull @Size(min = 1, max = 200)
          java.util.List<@NotNull @Valid OfflineSightingRequest> sightings) {}

  record OfflineSightingsResponse(java.util.List<OfflineSightings.OfflineSighting> items) {}

  @Route(
      id = "uploadOfflineSightings",
      callers = {CallerKind.CHECKPOINT},
      problems = {ProblemCode.CHECKPOINT_TYPE_NOT_ALLOWED})
  @PostMapping("/verifications/offline")
  @Operation(
      summary =
          "Upload frames an offline checkpoint scanned (X-Checkpoint-Key): the service's verdict at"
              + " each scan time, and whether the sighting was recorded")
  OfflineSightingsResponse uploadOfflineSightings(
      @AuthenticationPrincipal Caller.Checkpoint checkpoint,
      @Valid @RequestBody OfflineSightingsRequest request) {
    for (OfflineSightingRequest s : request.sightings()) {
      if (!checkpoint.mayActAs(s.checkpoint().type())) {
        throw new ApiException(ProblemCode.CHECKPOINT_TYPE_NOT_ALLOWED);
      }
    }
    return new OfflineSightingsResponse(
        request.sightings().stream()
            .map(
                s ->
                    offlineSightings.record(
                        s.token(),
                        s.checkpoint().id(),
                        CheckpointType.valueOf(s.checkpoint().type()),
                        s.scannedAt(),
                        checkpoint))
            .toList());
  }

  @Route(
      id = "getVerificationKeys",
      callers = {CallerKind.ANYONE})
  @GetMapping(path = "/verification-keys", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The JWK set (RFC 8037, Ed25519) that verifies QR frames offline")
  ResponseEntity<String> verificationKeys() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
        .body(Jwks.render(keys.published()));
  }

  @Route(
      id = "getStatusList",
      callers = {CallerKind.CHECKPOINT})
  @GetMapping(path = "/status-list", produces = TokenStatusList.MEDIA_TYPE)
  @Operation(
      summary =
          "Every certificate's status as an IETF Token Status List token (statuslist+jwt, 2 bits"
              + " per status index: 0 valid, 1 revoked, 2 superseded or expired)")
  ResponseEntity<String> statusListToken() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(TokenStatusList.MEDIA_TYPE))
        .cacheControl(CacheControl.noCache())
        .body(statusListTokens.current(statusListUri));
  }

  // declared on the other representation of GET /api/v1/status-list (@Route)
  @GetMapping(path = "/status-list", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Superseded and revoked certificates still within their validity")
  ResponseEntity<String> statusList() {
    StatusList list =
        new StatusList(
            clock.instant(),
            statusListTtl.toSeconds(),
            certificates.withdrawnStillValid().stream()
                .map(
                    w ->
                        new StatusList.Entry(
                            UUID.fromString(w.certificateId()),
                            CertificateState.valueOf(w.status().name()),
                            w.since()))
                .toList());
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(list.render());
  }
}
