package cn.railway.tempid.review.web;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.review.CaseFiles;
import cn.railway.tempid.review.ReviewDecisionRules;
import cn.railway.tempid.review.process.ReviewTasks;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/reviews")
@Tag(name = "Operators", description = "Manual reviews (reviewers group, HTTP Basic)")
class ReviewController {
  private final ReviewTasks reviews;
  private final CaseFiles caseFiles;
  private final PersonalDataAccessLog accessLog;

  ReviewController(ReviewTasks reviews, CaseFiles caseFiles, PersonalDataAccessLog accessLog) {
    this.reviews = reviews;
    this.caseFiles = caseFiles;
    this.accessLog = accessLog;
  }

  /** What a reviewer needs to decide: masked identity only, never the full ID number. */
  record ReviewDetails(
      String taskId,
      String applicationId,
      String maskedName,
      String maskedIdNumber,
      String city,
      List<String> reasonCodes,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      String registryResult,
      List<String> registryFlags,
      int applicationsThisMonth,
      List<String> rejectReasonCodes,
      boolean escalated,
      Instant submittedAt,
      Instant createdAt,
      Instant dueAt) {}

  /**
   * {@code reasonCode} is required for REJECT: one of the case file's {@code rejectReasonCodes}.
   */
  record DecisionRequest(
      @NotNull @Pattern(regexp = "APPROVE|REJECT", message = "must be APPROVE or REJECT")
          String decision,
      @Size(max = 64) String reasonCode,
      @Size(max = ReviewDecisionRules.NOTE_MAX) String note) {}

  /** A decided review as recorded: who decided, when, why, and the note (decrypted). */
  record DecisionRecord(
      String decision, String reasonCode, String note, String decidedBy, Instant decidedAt) {}

  @Route(
      id = "listReviews",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping
  @Operation(summary = "Open manual reviews, oldest first")
  List<ReviewTasks.OpenReview> open() {
    return reviews.open();
  }

  @Route(
      id = "getReview",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @GetMapping("/{taskId}")
  @Operation(summary = "One open manual review with the case file (access is audited)")
  ReviewDetails get(
      @AuthenticationPrincipal Caller.Operator reviewer, @PathVariable String taskId) {
    ReviewTasks.OpenReview review =
        (taskId.length() > 64
                ? java.util.Optional.<ReviewTasks.OpenReview>empty()
                : reviews.find(taskId))
            .orElseThrow(ApiException::notFound);
    CaseFiles.CaseFile file =
        caseFiles.forReview(review.applicationId()).orElseThrow(ApiException::notFound);
    accessLog.record(
        PersonalDataAccessLog.ActorType.REVIEWER,
        reviewer.userId(),
        PersonalDataAccessLog.SubjectType.APPLICATION,
        file.applicationId(),
        PersonalDataAccessLog.Shown.MASKED,
        PersonalDataAccessLog.Purpose.REVIEW);
    return new ReviewDetails(
        review.taskId(),
        file.applicationId(),
        file.maskedName(),
        file.maskedIdNumber(),
        file.city(),
        review.reasonCodes(),
        file.livenessScore(),
        file.faceMatchScore(),
        file.registryResult(),
        file.registryFlags(),
        file.applicationsThisMonth(),
        ReviewDecisionRules.REJECT_REASONS,
        review.escalated(),
        file.submittedAt(),
        review.createdAt(),
        review.dueAt());
  }

  @Route(
      id = "decideReview",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @PostMapping("/{taskId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Decide a manual review (REJECT needs a reasonCode)")
  void decide(
      @AuthenticationPrincipal Caller.Operator reviewer,
      @PathVariable String taskId,
      @Valid @RequestBody DecisionRequest request) {
    if (ReviewDecisionRules.REJECT.equals(request.decision())
        && !ReviewDecisionRules.REJECT_REASONS.contains(request.reasonCode())) {
      throw ApiException.invalidField(
          "reasonCode",
          request.reasonCode() == null ? "REQUIRED" : "INVALID",
          "REJECT needs one of " + String.join(", ", ReviewDecisionRules.REJECT_REASONS));
    }
    try {
      if (taskId.length() > 64
          || !reviews.decide(
              taskId,
              reviewer.userId(),
              request.decision(),
              ReviewDecisionRules.REJECT.equals(request.decision()) ? request.reasonCode() : null,
              request.note())) {
        throw ApiException.notFound();
      }
    } catch (ReviewTasks.AlreadyDecided decidedMeanwhile) {
      throw ApiException.notFound();
    } catch (ReviewTasks.Refused refused) {
      throw ApiException.invalidField("decision", "INVALID", refused.getMessage());
    }
  }

  @Route(
      id = "getReviewDecision",
      callers = {CallerKind.REVIEWER, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
  @GetMapping("/{taskId}/decision")
  @Operation(
      summary = "The decision of a finished manual review: reviewer, reason and note (audited)")
  DecisionRecord decision(
      @AuthenticationPrincipal Caller.Operator reader, @PathVariable String taskId) {
    String applicationId =
        (taskId.length() > 64 ? Optional.<String>empty() : reviews.decidedApplication(taskId))
            .orElseThrow(ApiException::notFound);
    CaseFiles.RecordedDecision decision =
        caseFiles.decision(applicationId).orElseThrow(ApiException::notFound);
    accessLog.record(
        PersonalDataAccessLog.ActorType.REVIEWER,
        reader.userId(),
        PersonalDataAccessLog.SubjectType.APPLICATION,
        applicationId,
        PersonalDataAccessLog.Shown.MASKED,
        PersonalDataAccessLog.Purpose.REVIEW);
    return new DecisionRecord(
        decision.decision(),
        decision.reasonCode(),
        decision.note(),
        decision.decidedBy(),
        decision.decidedAt());
  }
}
