package cn.railway.tempid.application.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import java.util.List;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Reviewers find open manual reviews in Tasklist under a filter the service creates. */
@ApplicationTest
class TasklistFilterTest extends ProcessTestSupport {
  @Autowired FilterService filters;

  @Test
  void aManualReviewShowsUpInTheReviewersTasklistFilter() throws Exception {
    Journey journey = applyAsRegisteredPerson("陈十三");
    capture(journey, journey.sessionId(), "PASS", null, 0.7);

    Filter filter =
        filters.createFilterQuery().filterName("Manual reviews (临时身份证明审核)").singleResult();
    assertThat(filter).as("created at start-up").isNotNull();
    List<Task> listed = filters.list(filter.getId());
    assertThat(listed).extracting(Task::getProcessInstanceId).contains(journey.process().getId());
  }
}
