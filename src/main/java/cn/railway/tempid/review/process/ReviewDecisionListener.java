package cn.railway.tempid.review.process;

import cn.railway.tempid.review.ReviewDecided;
import cn.railway.tempid.review.ReviewDecisionRules;
import cn.railway.tempid.shared.process.ApplicationJourney;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The {@code complete} listener of {@code UserTask_ReviewApplication}: every completion, from
 * Tasklist, Camunda's REST API or {@code POST /reviews/{taskId}}, passes here. A completion without
 * a valid decision, without an authenticated reviewer, or with the note as an ordinary (persisted)
 * variable is refused: the exception aborts the completion, the task stays open, and Camunda's REST
 * API (which Tasklist uses) answers {@code 400} with the message. A valid decision is recorded with
 * its reviewer and note ({@link ReviewDecided}) in the completion's transaction.
 */
@Component("reviewDecisionListener")
class ReviewDecisionListener implements TaskListener {
  private final ApplicationEventPublisher events;

  ReviewDecisionListener(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void notify(DelegateTask task) {
    Object decision = task.getVariable(ApplicationJourney.REVIEW_DECISION);
    Object reason = task.getVariable(ApplicationJourney.REVIEW_REASON_CODE);
    TypedValue note = task.getVariableTyped(ApplicationJourney.REVIEW_NOTE);
    Optional<String> violation =
        ReviewDecisionRules.violation(decision, reason, note == null ? null : note.getValue());
    if (violation.isPresent()) {
      throw refused(violation.get());
    }
    if (note != null && note.getValue() != null && !note.isTransient()) {
      throw refused(
          "The review decision's note must be sent as a transient variable"
              + " (valueInfo: {transient: true}): it is stored encrypted, never as a process"
              + " variable.");
    }
    String reviewer = reviewer();
    if (reviewer == null) {
      throw refused("A review decision needs an authenticated reviewer.");
    }
    String applicationId = (String) task.getVariable(ApplicationJourney.APPLICATION_ID);
    String noteText = note == null ? null : (String) note.getValue();
    events.publishEvent(
        new ReviewDecided(
            applicationId,
            reviewer,
            decision.toString(),
            ReviewDecisionRules.REJECT.equals(decision) ? reason.toString() : null,
            noteText == null || noteText.isBlank() ? null : noteText));
  }

  /** The Camunda user completing the task (Tasklist, REST), else the one our API authenticated. */
  private static String reviewer() {
    CommandContext command = Context.getCommandContext();
    String engineUser = command == null ? null : command.getAuthenticatedUserId();
    return engineUser != null ? engineUser : ReviewTasks.apiReviewer();
  }

  /** Camunda's REST API answers this one with 400 and its message (others with 500). */
  private static FormFieldValidationException refused(String message) {
    return new FormFieldValidationException(ApplicationJourney.REVIEW_DECISION, message);
  }
}
