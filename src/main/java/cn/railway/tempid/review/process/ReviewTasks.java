package cn.railway.tempid.review.process;

import cn.railway.tempid.review.ReviewDecided;
import cn.railway.tempid.review.ReviewEscalation;
import cn.railway.tempid.shared.process.ApplicationJourney;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The manual review user tasks ({@code UserTask_ReviewApplication}): the edge to Tasklist. */
@Component
public class ReviewTasks implements ReviewEscalation {
  static final String TASK_KEY = ApplicationJourney.TASK_REVIEW_APPLICATION;
  static final String PROCESS_KEY = ApplicationJourney.PROCESS_KEY;

  private final TaskService tasks;
  private final ApplicationEventPublisher events;

  ReviewTasks(TaskService tasks, ApplicationEventPublisher events) {
    this.tasks = tasks;
    this.events = events;
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

  /** Records the decision and completes the task; false when the task is not open. */
  @Transactional
  public boolean decide(String taskId, String reviewer, String decision, String note) {
    Optional<OpenReview> review = find(taskId);
    if (review.isEmpty()) {
      return false;
    }
    events.publishEvent(new ReviewDecided(review.get().applicationId(), reviewer, decision, note));
    try {
      tasks.complete(taskId, Map.of(ApplicationJourney.REVIEW_DECISION, decision));
    } catch (org.camunda.bpm.engine.exception.NullValueException
        | org.camunda.bpm.engine.OptimisticLockingException decidedMeanwhile) {
      // another reviewer completed it a moment ago: their decision stands
      throw new AlreadyDecided();
    }
    return true;
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
