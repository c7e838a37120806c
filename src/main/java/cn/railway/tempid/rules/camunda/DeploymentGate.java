package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.shared.process.StaffGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.dmn.engine.impl.spi.el.ElExpression;
import org.camunda.bpm.dmn.engine.impl.spi.el.ElProvider;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What may be deployed, whoever deploys it and through whichever door (Camunda's REST API as
 * Modeler uses it, the web apps' copy of that API, a redeployment, the release at start-up): the
 * check runs inside the engine, before any other deployer, in the deployment's own transaction, so
 * a refused deployment leaves nothing behind.
 *
 * <ul>
 *   <li>A deployment made by a logged-in staff member (every remote one: the REST API and the web
 *       apps require a Camunda login) carries decision tables only ({@code .dmn}, with their
 *       optional {@code .cases.csv} rows), and only from a member of {@value StaffGroups#ANALYSTS}.
 *       Processes, forms and scripts ship with a release; a BPMN deployed at run time could run any
 *       Java code through its expressions. Not an analyst: {@code 403}; anything else in the
 *       deployment: {@code 400}, naming it.
 *   <li>Every decision table, the release's own included, is FEEL only ({@link FeelOnly}): JUEL or
 *       a script in a cell would be Java code on the server. {@code 400}, naming the table, the row
 *       or column and what is wrong.
 *   <li>Every decision table matches the {@link cn.railway.tempid.rules.DecisionContract} and its
 *       case rows pass ({@link RuleGate}): it reads only what the service supplies, answers only
 *       what the service understands, and decides its cases as the analyst wrote them. An analyst's
 *       dead {@code age} column and an {@code "APPROVED"} typo were both deployed before this
 *       check; now every failure is listed in one {@code 400} and nothing is deployed, so the
 *       latest version stays what it was.
 * </ul>
 *
 * <p>Both DMN engines (the service's own in {@link CamundaDecisionRules}, and the process engine's,
 * which Camunda's REST API can evaluate) are also built without JUEL ({@link #NO_JUEL}), so a table
 * that reached the database some other way still cannot run code.
 */
@Component
class DeploymentGate extends AbstractProcessEnginePlugin {
  private static final Logger log = LoggerFactory.getLogger(DeploymentGate.class);

  /** What a deployment by staff may hold, by the end of its resource names. */
  private static final List<String> ANALYST_RESOURCES = List.of(".dmn", ".dmn11.xml", ".cases.csv");

  /** An expression language provider that refuses every JUEL expression in a decision table. */
  static final ElProvider NO_JUEL =
      new ElProvider() {
        @Override
        public ElExpression createExpression(String expression) {
          throw new BadUserRequestException(
              "Decision tables are FEEL only; a JUEL expression is never evaluated");
        }
      };

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<Deployer> deployers = new ArrayList<>();
    deployers.add(this::check);
    if (configuration.getCustomPreDeployers() != null) {
      deployers.addAll(configuration.getCustomPreDeployers());
    }
    configuration.setCustomPreDeployers(deployers);
    configuration.setDmnElProvider(NO_JUEL);
  }

  private void check(DeploymentEntity deployment) {
    if (!deployment.isNew() || deployment.getResources() == null) {
      return; // read back into the engine's cache: checked when it was deployed
    }
    CommandContext context = Context.getCommandContext();
    String user = context == null ? null : context.getAuthenticatedUserId();
    Map<String, ResourceEntity> resources = deployment.getResources();
    if (user != null) {
      List<String> groups = context.getAuthenticatedGroupIds();
      if (groups == null || !groups.contains(StaffGroups.ANALYSTS)) {
        log.warn(
            "Deployment refused: user {} is not a member of {} (deployment name {})",
            user,
            StaffGroups.ANALYSTS,
            deployment.getName());
        throw new AuthorizationException(
            "Only members of the group '"
                + StaffGroups.ANALYSTS
                + "' may deploy, and only decision tables; processes ship with a release");
      }
      List<String> other =
          resources.keySet().stream().filter(name -> !isAnalystResource(name)).sorted().toList();
      if (!other.isEmpty()) {
        log.warn("Deployment by {} refused: it holds {} besides decision tables", user, other);
        throw new BadUserRequestException(
            "Deployments through the engine's API carry decision tables (.dmn, with their"
                + " .cases.csv rows) only; processes, forms and scripts ship with a release."
                + " Refused: "
                + String.join(", ", other));
      }
    }
    Map<String, byte[]> contents = new TreeMap<>();
    resources.values().forEach(r -> contents.put(r.getName(), r.getBytes()));
    List<FeelOnly.Failure> failures = failures(contents);
    if (!failures.isEmpty()) {
      log.warn(
          "Deployment{} refused by the rule gate: {} problem(s)",
          user == null ? "" : " by " + user,
          failures.size());
      throw new BadUserRequestException(
          "The rule gate refused this deployment; nothing was deployed:\n- "
              + String.join("\n- ", failures.stream().map(FeelOnly.Failure::toString).toList()));
    }
  }

  /**
   * Every problem of the decision tables among {@code contents} (resource name → bytes; their
   * {@code .cases.csv} rows may be among them): FEEL only first; a table that passes it is then
   * checked against the decision contract and its case rows ({@link RuleGate}). A table with
   * anything but FEEL in it is read, never evaluated.
   */
  static List<FeelOnly.Failure> failures(Map<String, byte[]> contents) {
    List<FeelOnly.Failure> failures = new ArrayList<>();
    contents.forEach(
        (name, bytes) -> {
          if (DecisionDeployments.isDmn(name)) {
            List<FeelOnly.Failure> feel = FeelOnly.check(name, bytes);
            failures.addAll(feel);
            if (feel.stream().noneMatch(f -> f.element() == null)) {
              failures.addAll(RuleGate.check(name, bytes, contents, feel.isEmpty()));
            }
          }
        });
    return failures;
  }

  /**
   * What the gate finds wrong with one decision table, in the words a deployment would be refused
   * with; empty when it would pass. For checks made before anything is deployed (the analysts'
   * replay and rollback): the release's case rows of the table are run.
   */
  static List<String> problems(String resourceName, byte[] xml) {
    return failures(Map.of(resourceName, xml)).stream().map(FeelOnly.Failure::toString).toList();
  }

  private static boolean isAnalystResource(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ANALYST_RESOURCES.stream().anyMatch(lower::endsWith);
  }
}
