package cn.railway.tempid.application.web;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.journey.LivenessRetries;
import cn.railway.tempid.application.query.ApplicationQueries;
import cn.railway.tempid.application.query.ApplicationView;
import cn.railway.tempid.application.submission.SubmissionService;
import cn.railway.tempid.application.submission.SubmitCommand;
import cn.railway.tempid.application.submission.Submitted;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.PersonName;
import cn.railway.tempid.shared.longpoll.LongPoll;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Applications", description = "Apply for a temporary travel identity certificate")
class ApplicationController {
  private final SubmissionService submissions;
  private final ApplicationQueries queries;
  private final LivenessRetries retries;
  private final LongPoll longPoll;

  ApplicationController(
      SubmissionService submissions,
      ApplicationQueries queries,
      LivenessRetries retries,
      LongPoll longPoll) {
    this.submissions = submissions;
    this.queries = queries;
    this.retries = retries;
    this.longPoll = longPoll;
  }

  record SubmitRequest(
      @Size(max = 64) @Pattern(regexp = PersonName.PATTERN, message = "must contain only letters")
          String name,
      @Size(max = 40)
          @Pattern(
              regexp = "^[A-Z][A-Z_]*$",
              message = "must be an ID type code such as RESIDENT_ID_CARD")
          String idType,
      @Size(max = 32) String idNumber,
      @Valid LocationRequest location,
      Consents consents,
      @Valid GuardianRequest guardian) {
    @Override
    public String toString() {
      return "SubmitRequest[****]";
    }
  }

  /** The guardian of an applicant under 14 (PIPL art. 31). */
  record GuardianRequest(
      @Size(max = 64) @Pattern(regexp = PersonName.PATTERN, message = "must contain only letters")
          String name,
      @Size(max = 40)
          @Pattern(
              regexp = "^[A-Z][A-Z_]*$",
              message = "must be an ID type code such as RESIDENT_ID_CARD")
          String idType,
      @Size(max = 32) String idNumber) {
    @Override
    public String toString() {
      return "GuardianRequest[****]";
    }
  }

  record LocationRequest(
      @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
      @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
      @DecimalMin("0") @DecimalMax("1000000") Double accuracyMeters) {
    @Override
    public String toString() {
      return "LocationRequest[****]";
    }
  }

  record Consents(Boolean identity, Boolean biometric, Boolean location, Boolean guardian) {}

  record History(List<ApplicationView> items) {}

  @Route(
      id = "submitApplication",
      callers = {CallerKind.ANYONE, CallerKind.PASSENGER},
      problems = {
        ProblemCode.INVALID_ID_NUMBER,
        ProblemCode.CONSENT_REQUIRED,
        ProblemCode.LOCATION_REQUIRED,
        ProblemCode.OUTSIDE_SERVICE_AREA,
        ProblemCode.ID_TYPE_NOT_SUPPORTED,
        ProblemCode.QUOTA_EXCEEDED,
        ProblemCode.ACTIVE_CERTIFICATE_EXISTS,
        ProblemCode.IDENTITY_MISMATCH,
        ProblemCode.GUARDIAN_REQUIRED,
        ProblemCode.IDEMPOTENCY_KEY_REUSED,
        ProblemCode.APPLICATION_IN_PROGRESS,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.RATE_LIMITED,
        ProblemCode.UNAUTHENTICATED
      })
  @PostMapping("/applications")
  @Operation(
      summary =
          "Submit an application (guest, or logged-in passenger with identity from the account)")
  ResponseEntity<Object> submit(
      @AuthenticationPrincipal Caller caller,
      @Parameter(
              description =
                  "Optional, up to 64 visible ASCII characters: a retry with the same key and body"
                      + " within 24 h answers as the first request did (API.md \"Failures and"
                      + " retries\")")
          @RequestHeader(name = SubmissionService.IDEMPOTENCY_KEY_HEADER, required = false)
          String idempotencyKey,
      @Valid @RequestBody SubmitRequest request) {
    Consents consents =
        request.consents() == null ? new Consents(null, null, null, null) : request.consents();
    LocationRequest location = request.location();
    Submitted result =
        submissions.submit(
            caller,
            new SubmitCommand(
                request.name(),
                request.idType(),
                request.idNumber(),
                location == null ? null : location.latitude(),
                location == null ? null : location.longitude(),
                location == null ? null : location.accuracyMeters(),
                Boolean.TRUE.equals(consents.identity()),
                Boolean.TRUE.equals(consents.biometric()),
                Boolean.TRUE.equals(consents.location()),
                request.guardian() == null
                    ? null
                    : new SubmitCommand.Guardian(
                        request.guardian().name(),
                        request.guardian().idType(),
                        request.guardian().idNumber()),
                Boolean.TRUE.equals(consents.guardian())),
            idempotencyKey);
    if (!result.accepted()) {
      throw new ApiException(
          result.refusal(), result.refusal().messageEn(), result.refusalDetails());
    }
    return ResponseEntity.created(
            URI.create("/api/v1/applications/" + result.view().applicationId()))
        .body(result.view());
  }

  @Route(
      id = "getApplication",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {ProblemCode.NOT_FOUND})
  @GetMapping("/applications/{id}")
  @Operation(summary = "An application of the caller (owner only; 404 otherwise)")
  @ApiResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ApplicationView.class)))
  Object get(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String id,
      @Parameter(
              description =
                  "Optional long poll (RFC 7240): `wait=N` answers as soon as the application"
                      + " changes, or after N seconds (at most 30), with Preference-Applied;"
                      + " docs/long-poll.md")
          @RequestHeader(name = LongPoll.PREFER, required = false)
          String prefer) {
    if (longPoll.waitSeconds(prefer) <= 0) {
      // a plain poll: a recent view of an unchanged application is reused (RecentViews)
      return queries.poll(caller, id);
    }
    // a long poll reads: it is woken by a change and must see it
    return longPoll.answer(
        prefer,
        id,
        () -> queries.get(caller, id),
        view -> !ApplicationStatus.valueOf(view.status()).inFlight());
  }

  @Route(
      id = "startLivenessAttempt",
      callers = {CallerKind.PASSENGER, CallerKind.GUEST},
      problems = {
        ProblemCode.NOT_FOUND,
        ProblemCode.NO_ATTEMPTS_LEFT,
        ProblemCode.LIVENESS_IN_PROGRESS,
        ProblemCode.APPLICATION_NOT_AWAITING_LIVENESS,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.RATE_LIMITED
      })
  @PostMapping("/applications/{id}/liveness-sessions")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start a new liveness attempt after a failed one")
  LivenessRetries.NewAttempt newAttempt(
      @AuthenticationPrincipal Caller caller, @PathVariable String id) {
    return retries.newLivenessAttempt(caller, id);
  }

  @Route(
      id = "listMyApplications",
      callers = {CallerKind.PASSENGER})
  @GetMapping("/me/applications")
  @Operation(
      summary = "The logged-in passenger's applications of the past month, newest first (R14)")
  History history(@AuthenticationPrincipal Caller.Passenger passenger) {
    return new History(queries.history(passenger));
  }
}
