package cn.railway.tempid.application.process;

import cn.railway.tempid.application.journey.ApplicationLifecycle;
import cn.railway.tempid.application.journey.ApprovalSteps;
import cn.railway.tempid.application.journey.GuardianChecks;
import cn.railway.tempid.application.journey.LivenessAttempts;
import cn.railway.tempid.application.journey.PreChecks;
import cn.railway.tempid.review.ApprovalRules;
import cn.railway.tempid.review.ReviewEscalation;
import cn.railway.tempid.shared.problem.Refusal;
import cn.railway.tempid.shared.process.ApplicationJourney;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code temporary-id-application}, each a thin delegate: read the application
 * id (the business key), call one step of the journey ({@link PreChecks}, {@link LivenessAttempts},
 * {@link GuardianChecks}, {@link ApprovalSteps}, {@link ApplicationLifecycle}), and write a small
 * result variable or raise the modeled refusal.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationDelegates {

  @Bean
  JavaDelegate checkServiceAreaDelegate(PreChecks preChecks) {
    return execution -> refuseIfPresent(preChecks.checkServiceArea(id(execution)));
  }

  @Bean
  JavaDelegate checkEligibilityDelegate(PreChecks preChecks) {
    return execution -> {
      refuseIfPresent(preChecks.checkEligibility(id(execution)));
      execution.setVariable(
          ApplicationJourney.GUARDIAN_REQUIRED, preChecks.guardianRequired(id(execution)));
    };
  }

  @Bean
  JavaDelegate startGuardianLivenessSessionDelegate(GuardianChecks guardians) {
    return execution -> guardians.startLivenessCheck(id(execution));
  }

  @Bean
  JavaDelegate checkGuardianLivenessDelegate(GuardianChecks guardians) {
    return execution -> {
      GuardianChecks.GuardianCheck check = guardians.livenessCheck(id(execution));
      execution.setVariable(ApplicationJourney.GUARDIAN_LIVENESS_OUTCOME, check.status().name());
      execution.setVariable(ApplicationJourney.GUARDIAN_LIVENESS_DUE_AT, Date.from(check.dueAt()));
    };
  }

  @Bean
  JavaDelegate reserveQuotaDelegate(PreChecks preChecks) {
    return execution -> refuseIfPresent(preChecks.reserveQuota(id(execution)));
  }

  @Bean
  JavaDelegate startLivenessSessionDelegate(LivenessAttempts attempts) {
    return execution -> attempts.start(id(execution));
  }

  @Bean
  JavaDelegate fetchLivenessResultDelegate(LivenessAttempts attempts) {
    return execution -> {
      LivenessAttempts.LivenessOutcome outcome = attempts.fetchResult(id(execution));
      execution.setVariable(
          ApplicationJourney.LIVENESS_OUTCOME, outcome.passed() ? "PASSED" : "FAILED");
      execution.setVariable(ApplicationJourney.LIVENESS_ATTEMPTS_LEFT, outcome.attemptsLeft());
    };
  }

  @Bean
  JavaDelegate lookUpRegistryDelegate(ApprovalSteps approval) {
    return execution -> approval.lookUpRegistry(id(execution));
  }

  /** PIPL art. 31: the guardian in the population registry (a child's application only). */
  @Bean
  JavaDelegate lookUpGuardianInRegistryDelegate(GuardianChecks guardians) {
    return execution ->
        execution.setVariable(
            ApplicationJourney.GUARDIAN_REGISTRY_OUTCOME,
            guardians.verifiedInRegistry(id(execution)) ? "VERIFIED" : "NOT_VERIFIED");
  }

  @Bean
  JavaDelegate decideApprovalDelegate(ApprovalSteps steps) {
    return execution -> {
      ApprovalRules.Approval approval = steps.decideApproval(id(execution));
      execution.setVariable(ApplicationJourney.APPROVAL_DECISION, approval.decision().name());
      if (approval.decision() != ApprovalRules.Decision.APPROVE) {
        // read by the rejection's end and the reviewer's task only: an approved application has
        // no reason, and a variable holding nothing is still three rows (runtime and history)
        execution.setVariable(ApplicationJourney.APPROVAL_REASON_CODE, approval.reasonCode());
      }
      if (approval.decision() == ApprovalRules.Decision.MANUAL_REVIEW) {
        execution.setVariable(ApplicationJourney.REVIEW_DUE_DATE, Date.from(steps.reviewDueDate()));
      }
    };
  }

  @Bean
  JavaDelegate escalateReviewDelegate(ApprovalSteps steps, ReviewEscalation reviews) {
    return execution -> {
      steps.escalateReview(id(execution));
      reviews.escalate(id(execution));
    };
  }

  @Bean
  JavaDelegate issueCertificateDelegate(ApplicationLifecycle lifecycle) {
    return execution -> lifecycle.issueCertificate(id(execution));
  }

  /** End listeners of the outcome end events: {@code ${applicationOutcomes.…(execution)}}. */
  @Bean
  ApplicationOutcomes applicationOutcomes(ApplicationLifecycle lifecycle) {
    return new ApplicationOutcomes(lifecycle);
  }

  public static final class ApplicationOutcomes {
    private final ApplicationLifecycle lifecycle;

    ApplicationOutcomes(ApplicationLifecycle lifecycle) {
      this.lifecycle = lifecycle;
    }

    public void refused(DelegateExecution execution) {
      lifecycle.refused(
          id(execution),
          Refusal.of((String) execution.getVariable(ApplicationJourney.REFUSAL_CODE)));
    }

    /** {@code reasonCode}: a refusal named in the model (or the approval table's reason). */
    public void failed(DelegateExecution execution, String reasonCode) {
      lifecycle.failed(id(execution), Refusal.of(reasonCode));
    }

    /**
     * {@code reasonCode}: a refusal named in the model that ends the application REJECTED after the
     * face checks (the guardian not verified), as a pre-check refusal does, not FAILED.
     */
    public void rejected(DelegateExecution execution, String reasonCode) {
      lifecycle.refused(id(execution), Refusal.of(reasonCode));
    }

    public void abandoned(DelegateExecution execution) {
      lifecycle.abandoned(id(execution));
    }

    public void guardianAbandoned(DelegateExecution execution) {
      lifecycle.guardianAbandoned(id(execution));
    }

    /** Every end of the process, including an operator's cancellation in Cockpit. */
    public void processEnded(DelegateExecution execution) {
      lifecycle.processEnded(id(execution));
    }
  }

  static String id(DelegateExecution execution) {
    return execution.getProcessBusinessKey();
  }

  /** A refusal of a pre-check ends the pre-checks at the BPMN error of the same name. */
  private static void refuseIfPresent(Optional<Refusal> refusal) {
    if (refusal.isPresent()) {
      throw new BpmnError(refusal.get().name());
    }
  }
}
