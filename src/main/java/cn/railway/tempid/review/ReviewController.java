package cn.railway.tempid.review;

import cn.railway.tempid.review.process.ReviewTasks;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

  ReviewController(ReviewTasks reviews) {
    this.reviews = reviews;
  }

  record DecisionRequest(
      @NotNull @Pattern(regexp = "APPROVE|REJECT", message = "must be APPROVE or REJECT") String decision,
      @Size(max = 500) String note) {
  }

  @GetMapping
  @Operation(summary = "Open manual reviews, oldest first")
  List<ReviewTasks.OpenReview> open() {
    return reviews.open();
  }

  @PostMapping("/{taskId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Decide a manual review")
  void decide(@AuthenticationPrincipal Caller.Operator reviewer, @PathVariable String taskId,
      @Valid @RequestBody DecisionRequest request) {
    if (taskId.length() > 64
        || !reviews.decide(taskId, reviewer.userId(), request.decision(), request.note())) {
      throw ApiException.notFound();
    }
  }
}
