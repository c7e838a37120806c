package cn.railway.tempid.review.process;

import cn.railway.tempid.review.ReviewEscalation;
import cn.railway.tempid.shared.process.ApplicationJourney;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The manual review user tasks ({@code UserTask_ReviewApplication}): the edge to Tasklist. */
@Component
public class ReviewTasks implements ReviewEscalation {
  static final String TASK_KEY = ApplicationJourney.TASK_REVIEW_APPLICATION;
  static final String PROCESS_KEY = ApplicationJourney.PROCESS_KEY;

  private final TaskService tasks;
  private final HistoryService history;

  ReviewTasks(TaskService tasks, HistoryService history) {
    this.tasks = tasks;
    this.history = history;
  }

  public record OpenReview(
      String taskId,
      String applicationId,
      List<String> reasonCodes,
      Instant createdAt,
      Instant dueAt,
      boolean escalated) {}

  public List<OpenReview> open() {
    return tasks
        .createTaskQuery()
        .processDefinitionKey(PROCESS_KEY)
        .taskDefinitionKey(TASK_KEY)
        .active()
        .orderByTaskCreateTime()
        .asc()
        .list()
        .stream()
        .map(this::toReview)
        .toList();
  }

  public Optional<OpenReview> find(String taskId) {
    return Optional.ofNullable(
            tasks
                .createTaskQuery()
                .taskId(taskId)
                .processDefinitionKey(PROCESS_KEY)
                .taskDefinitionKey(TASK_KEY)
                .singleResult())
        .map(this::toReview);
  }

  /**
   * Completes the task with the decision; false when the task is not open. The decision is
   * validated and recorded by the task's {@code complete} listener ({@link ReviewDecisionListener})
   * as for any other completion; the note travels as a transient variable and the reviewer, whom
   * the API authenticated (not the engine), is handed to the listener on this thread.
   *
   * @throws Refused when the listener refused the decision (the task stays open)
   */
  @Transactional
  public boolean decide(
      String taskId, String reviewer, String decision, String reasonCode, String note) {
    Optional<OpenReview> review = find(taskId);
    if (review.isEmpty()) {
      return false;
    }
    VariableMap variables =
        Variables.createVariables().putValue(ApplicationJourney.REVIEW_DECISION, decision);
    if (reasonCode != null) {
      variables.putValue(ApplicationJourney.REVIEW_REASON_CODE, reasonCode);
    }
    if (note != null) {
      variables.putValueTyped(ApplicationJourney.REVIEW_NOTE, Variables.stringValue(note, true));
    }
    API_REVIEWER.set(reviewer);
    try {
      tasks.complete(taskId, variables);
    } catch (org.camunda.bpm.engine.exception.NullValueException
        | org.camunda.bpm.engine.OptimisticLockingException decidedMeanwhile) {
      // another reviewer completed it a moment ago: their decision stands
      throw new AlreadyDecided();
    } catch (FormFieldValidationException refused) {
      throw new Refused(refused.getMessage());
    } finally {
      API_REVIEWER.remove();
    }
    return true;
  }

  /**
   * The application a finished review task decided; empty while the task is open or for any other
   * task.
   */
  public Optional<String> decidedApplication(String taskId) {
    HistoricTaskInstance task =
        history
            .createHistoricTaskInstanceQuery()
            .taskId(taskId)
            .processDefinitionKey(PROCESS_KEY)
            .taskDefinitionKey(TASK_KEY)
            .finished()
            .singleResult();
    if (task == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            history
                .createHistoricProcessInstanceQuery()
                .processInstanceId(task.getProcessInstanceId())
                .singleResult())
        .map(HistoricProcessInstance::getBusinessKey);
  }

  private static final ThreadLocal<String> API_REVIEWER = new ThreadLocal<>();

  /** The reviewer {@link #decide} completes for, on this thread; null elsewhere. */
  static String apiReviewer() {
    return API_REVIEWER.get();
  }

  /** The decision was refused by the rules every completion obeys; the message says why. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** The task was completed by someone else while this decision was being made. */
  public static final class AlreadyDecided extends RuntimeException {
    AlreadyDecided() {
      super("the review was decided by someone else");
    }
  }

  private OpenReview toReview(Task task) {
    Map<String, Object> vars =
        tasks.getVariables(
            task.getId(),
            List.of(ApplicationJourney.APPLICATION_ID, ApplicationJourney.APPROVAL_REASON_CODE));
    Object reason = vars.get(ApplicationJourney.APPROVAL_REASON_CODE);
    boolean escalated = task.getPriority() > Task.PRIORITY_NORMAL;
    return new OpenReview(
        task.getId(),
        (String) vars.get(ApplicationJourney.APPLICATION_ID),
        reason == null ? List.of() : List.of(reason.toString()),
        task.getCreateTime().toInstant(),
        task.getDueDate() == null ? null : task.getDueDate().toInstant(),
        escalated);
  }

  /** Escalation of an overdue review: top priority and visible to supervisors too. */
  @Override
  public void escalate(String applicationId) {
    for (Task task :
        tasks
            .createTaskQuery()
            .processInstanceBusinessKey(applicationId)
            .taskDefinitionKey(TASK_KEY)
            .active()
            .list()) {
      tasks.setPriority(task.getId(), 100);
      tasks.addCandidateGroup(task.getId(), ApplicationJourney.GROUP_SUPERVISORS);
    }
  }
}
