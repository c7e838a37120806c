package cn.railway.tempid.assurance;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failed face checks for reviewers and administrators (HTTP Basic): what failed, when, for which
 * session, application or certificate, with which reason code, and whether that person's face
 * checks are locked. Ids, codes and a pseudonym only; never a score, name or ID number.
 */
@RestController
@RequestMapping("/api/v1/operator/face-check-events")
@Tag(name = "Operators")
class FaceCheckEventController {
  static final int MAX_LIMIT = 500;

  private final FaceCheckEvents events;
  private final Clock clock;

  FaceCheckEventController(FaceCheckEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  record Events(List<FaceCheckEvents.EventView> items) {}

  record LockLifted(String eventId, Instant liftedAt) {}

  @Route(
      id = "listFaceCheckEvents",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping
  @Operation(summary = "Failed face checks, newest first (default: the last 24 hours, 100 items)")
  Events list(
      @RequestParam(required = false) String since,
      @RequestParam(required = false, defaultValue = "100") int limit) {
    Instant from;
    try {
      from = since == null ? clock.instant().minus(Duration.ofHours(24)) : Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(
          "since", "INSTANT", "Field 'since': an ISO-8601 instant such as 2026-01-15T08:00:00Z.");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalidField(
          "limit", "RANGE", "Field 'limit': from 1 to " + MAX_LIMIT + ".");
    }
    return new Events(events.recent(from, limit));
  }

  @Route(
      id = "liftFaceCheckLock",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @PostMapping("/{eventId}/lift-lock")
  @Operation(
      summary =
          "Lift the face-check lock of the person of this event (their failures so far stop counting)")
  LockLifted liftLock(@AuthenticationPrincipal Caller caller, @PathVariable String eventId) {
    if (eventId.length() > 36) {
      throw ApiException.notFound();
    }
    String operator = caller instanceof Caller.Operator o ? o.userId() : "operator";
    return events
        .liftLock(eventId, operator)
        .map(at -> new LockLifted(eventId, at))
        .orElseThrow(ApiException::notFound);
  }
}
