package cn.railway.tempid.engine;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.StaffGroups;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.Direction;
import org.camunda.bpm.engine.impl.QueryOrderingProperty;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryProperty;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the groups the journey assigns work to ({@code reviewers}, {@code supervisors}) with just
 * the permissions they need in Tasklist, and the analysts who deploy decision tables ({@code
 * analysts}); in the demo profile puts the demo operator into {@code reviewers} and {@code
 * analysts}. Users themselves are managed in Camunda Admin.
 */
@Component
class IdentitySetup {
  static final String REVIEWERS = ApplicationJourney.GROUP_REVIEWERS;
  static final String SUPERVISORS = ApplicationJourney.GROUP_SUPERVISORS;
  static final String ANALYSTS = StaffGroups.ANALYSTS;
  private static final String PROCESS_KEY = ApplicationJourney.PROCESS_KEY;

  static final String REVIEW_FILTER = "Manual reviews (临时身份证明审核)";

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final String demoOperator;

  IdentitySetup(
      IdentityService identity,
      AuthorizationService authorizations,
      FilterService filters,
      TaskService tasks,
      EngineProperties properties,
      CamundaBpmProperties camunda) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    String adminUser = camunda.getAdminUser() == null ? null : camunda.getAdminUser().getId();
    this.demoOperator =
        properties.demo().enabled() && adminUser != null && !adminUser.isBlank() ? adminUser : null;
  }

  @EventListener
  void onEngineReady(PostDeployEvent event) {
    for (String groupId : List.of(REVIEWERS, SUPERVISORS)) {
      if (identity.createGroupQuery().groupId(groupId).count() == 0) {
        Group group = identity.newGroup(groupId);
        group.setName(groupId.equals(REVIEWERS) ? "Reviewers" : "Review supervisors");
        group.setType("WORKFLOW");
        identity.saveGroup(group);
        grant(groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(
            groupId,
            Resources.PROCESS_DEFINITION,
            PROCESS_KEY,
            Permissions.READ,
            Permissions.READ_TASK,
            Permissions.UPDATE_TASK);
        grant(groupId, Resources.FILTER, "*", Permissions.READ);
      }
    }
    if (identity.createGroupQuery().groupId(ANALYSTS).count() == 0) {
      // deploy decision tables from Camunda Modeler (DMN only: rules.camunda.DeploymentGate)
      Group group = identity.newGroup(ANALYSTS);
      group.setName("Business analysts (decision tables)");
      group.setType("WORKFLOW");
      identity.saveGroup(group);
      grant(ANALYSTS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
      grant(ANALYSTS, Resources.DEPLOYMENT, "*", Permissions.CREATE, Permissions.READ);
      grant(ANALYSTS, Resources.DECISION_DEFINITION, "*", Permissions.READ);
      grant(ANALYSTS, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ);
    }
    List<Filter> reviewFilters = filters.createFilterQuery().filterName(REVIEW_FILTER).list();
    if (reviewFilters.isEmpty()) {
      // what reviewers open in Tasklist: the open reviews of this service, oldest first
      Filter filter = filters.newTaskFilter(REVIEW_FILTER).setQuery(reviewQuery());
      filter.setProperties(
          new java.util.HashMap<>(
              java.util.Map.of(
                  "description",
                  "Open manual reviews of temporary ID applications",
                  "priority",
                  -10,
                  "refresh",
                  true)));
      filters.saveFilter(filter);
    }
    for (Filter filter : reviewFilters) {
      // Tasklist's filter dialog saves a filter's query without its order (and Tasklist then lists
      // newest first): an edited filter gets its query back, oldest first
      if (!oldestFirst(filter)) {
        filter.setQuery(reviewQuery());
        filters.saveFilter(filter);
      }
    }
    if (demoOperator != null && identity.createUserQuery().userId(demoOperator).count() == 1) {
      for (String groupId : List.of(REVIEWERS, ANALYSTS)) {
        if (identity.createUserQuery().userId(demoOperator).memberOfGroup(groupId).count() == 0) {
          identity.createMembership(demoOperator, groupId);
        }
      }
    }
  }

  private TaskQuery reviewQuery() {
    return tasks
        .createTaskQuery()
        .processDefinitionKey(PROCESS_KEY)
        .taskDefinitionKey(ApplicationJourney.TASK_REVIEW_APPLICATION)
        .taskCandidateGroupIn(List.of(REVIEWERS, SUPERVISORS))
        .includeAssignedTasks()
        .orderByTaskCreateTime()
        .asc();
  }

  /** The filter's query orders by creation time, oldest first, before any order Tasklist adds. */
  private static boolean oldestFirst(Filter filter) {
    if (!(filter.getQuery() instanceof TaskQueryImpl query)
        || query.getOrderingProperties() == null
        || query.getOrderingProperties().isEmpty()) {
      return false;
    }
    QueryOrderingProperty first = query.getOrderingProperties().get(0);
    return TaskQueryProperty.CREATE_TIME.equals(first.getQueryProperty())
        && Direction.ASCENDING.equals(first.getDirection());
  }

  private void grant(
      String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    auth.setGroupId(groupId);
    auth.setResource(resource);
    auth.setResourceId(resourceId);
    for (Permission permission : permissions) {
      auth.addPermission(permission);
    }
    authorizations.saveAuthorization(auth);
  }
}
