package cn.railway.tempid.review;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.review.process.ReviewTasks;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
      boolean escalated,
      Instant submittedAt,
      Instant createdAt,
      Instant dueAt) {}

  record DecisionRequest(
      @NotNull @Pattern(regexp = "APPROVE|REJECT", message = "must be APPROVE or REJECT")
          String decision,
      @Size(max = 500) String note) {}

  @GetMapping
  @Operation(summary = "Open manual reviews, oldest first")
  List<ReviewTasks.OpenReview> open() {
    return reviews.open();
  }

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
        review.escalated(),
        file.submittedAt(),
        review.createdAt(),
        review.dueAt());
  }

  @PostMapping("/{taskId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Decide a manual review")
  void decide(
      @AuthenticationPrincipal Caller.Operator reviewer,
      @PathVariable String taskId,
      @Valid @RequestBody DecisionRequest request) {
    try {
      if (taskId.length() > 64
          || !reviews.decide(taskId, reviewer.userId(), request.decision(), request.note())) {
        throw ApiException.notFound();
      }
    } catch (ReviewTasks.AlreadyDecided decidedMeanwhile) {
      throw ApiException.notFound();
    }
  }
}
