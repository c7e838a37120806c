package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.review.ApprovalRules;
import cn.railway.tempid.review.ReviewDecided;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.privacy.FieldCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The journey's steps after the applicant's face check passed: the population registry, the
 * approval table (R7) and the manual review (its due date, escalation and the reviewer's decision).
 */
@Component
public class ApprovalSteps {
  private final ApplicationRepository applications;
  private final PopulationRegistry registry;
  private final LivenessService liveness;
  private final ApprovalRules approvalRules;
  private final FieldCipher cipher;
  private final Clock clock;
  private final Duration reviewDeadline;

  ApprovalSteps(
      ApplicationRepository applications,
      PopulationRegistry registry,
      LivenessService liveness,
      ApprovalRules approvalRules,
      FieldCipher cipher,
      Clock clock,
      ApplicationProperties properties) {
    this.applications = applications;
    this.registry = registry;
    this.liveness = liveness;
    this.approvalRules = approvalRules;
    this.cipher = cipher;
    this.clock = clock;
    this.reviewDeadline = properties.review().deadline();
  }

  /** Asks the population registry about the applicant; the answer stays in our table. */
  public void lookUpRegistry(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    PopulationRegistry.Answer answer =
        registry.lookUp(
            cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT),
            cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT));
    applications.recordRegistry(
        applicationId,
        answer.result().name(),
        String.join(",", new TreeSet<>(answer.flags())),
        clock.instant());
  }

  /** R7: the approval table decides from the registry answer and the liveness scores. */
  public ApprovalRules.Approval decideApproval(String applicationId) {
    ApplicationRecord a = applications.get(applicationId);
    LivenessSession session = liveness.latestForApplication(applicationId).orElseThrow();
    Set<String> flags =
        a.registryFlags() == null || a.registryFlags().isEmpty()
            ? Set.of()
            : Set.of(a.registryFlags().split(","));
    PopulationRegistry.Answer answer =
        new PopulationRegistry.Answer(PopulationRegistry.Result.valueOf(a.registryResult()), flags);
    ApprovalRules.Approval approval =
        approvalRules.decide(
            DecisionRules.DecisionFor.application(applicationId),
            answer,
            session.livenessScore(),
            session.faceMatchScore());
    applications.recordApproval(
        applicationId, approval.decision().name(), approval.reasonCode(), clock.instant());
    return approval;
  }

  /** When a manual review is overdue (an overdue review is escalated, never approved). */
  public Instant reviewDueDate() {
    return clock.instant().plus(reviewDeadline);
  }

  public void escalateReview(String applicationId) {
    applications.recordEscalation(applicationId, clock.instant());
  }

  @EventListener
  void onReviewDecided(ReviewDecided event) {
    applications.recordReview(
        event.applicationId(),
        event.reviewer(),
        event.decision(),
        event.reasonCode(),
        event.note() == null || event.note().isBlank()
            ? null
            : cipher.encrypt(event.note(), ApplicationRecord.REVIEW_NOTE_CONTEXT),
        clock.instant());
  }
}
