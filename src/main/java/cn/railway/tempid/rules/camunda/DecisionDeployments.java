package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.shared.persistence.Ids;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Signals each new deployment that holds a DMN file ({@link CamundaDecisionRules#DEPLOYED}), inside
 * the deployment's transaction: once it commits, every node's decision rules forget the latest
 * versions they remembered, so an analyst's new table decides the next evaluation on any node
 * (Camunda Modeler deploys through the REST API of whichever node it reaches).
 *
 * <p>It also records each deployed version for the audit ({@code GET /decisions/deployments}): who
 * (the logged-in Camunda user, {@value #RELEASE} for start-up), when, the deployment's source
 * (Modeler sends one) and the hash of the file.
 */
@Component
class DecisionDeployments extends AbstractProcessEnginePlugin {
  private final ChangeSignals changes;

  DecisionDeployments(ChangeSignals changes) {
    this.changes = changes;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<Deployer> deployers = new ArrayList<>();
    if (configuration.getCustomPostDeployers() != null) {
      deployers.addAll(configuration.getCustomPostDeployers());
    }
    deployers.add(
        deployment -> {
          // also called when a deployment is read back into the engine's cache: only new ones
          if (deployment.isNew()
              && deployment.getResources() != null
              && deployment.getResources().keySet().stream().anyMatch(DecisionDeployments::isDmn)) {
            changes.changed(CamundaDecisionRules.DEPLOYED);
            record(deployment);
          }
        });
    configuration.setCustomPostDeployers(deployers);
  }

  /** Who deployed a deployment made without a logged-in user: the release, at start-up. */
  static final String RELEASE = "release";

  /**
   * One {@code decision_deployment} row per decision definition of the deployment, on the engine's
   * own connection: in the deployment's transaction, so a refused or failed deployment leaves no
   * row and every deployed version has one.
   */
  private static void record(DeploymentEntity deployment) {
    List<DecisionDefinitionEntity> definitions =
        deployment.getDeployedArtifacts(DecisionDefinitionEntity.class);
    if (definitions == null || definitions.isEmpty()) {
      return;
    }
    CommandContext context = Context.getCommandContext();
    String user = context.getAuthenticatedUserId();
    Timestamp at =
        new Timestamp(
            (deployment.getDeploymentTime() == null
                    ? ClockUtil.getCurrentTime()
                    : deployment.getDeploymentTime())
                .getTime());
    Connection connection = context.getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into decision_deployment (id, deployment_id, decision_key, decision_version,"
                + " definition_id, deployed_by, deployed_at, source, xml_sha256)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DecisionDefinitionEntity definition : definitions) {
        ResourceEntity resource = deployment.getResource(definition.getResourceName());
        insert.setString(1, Ids.newId());
        insert.setString(2, deployment.getId());
        insert.setString(3, definition.getKey());
        insert.setInt(4, definition.getVersion());
        insert.setString(5, definition.getId());
        insert.setString(6, user == null ? RELEASE : user);
        insert.setTimestamp(7, at);
        insert.setString(8, deployment.getSource());
        insert.setString(9, sha256(resource == null ? new byte[0] : resource.getBytes()));
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("could not record the decision deployment", e);
    }
  }

  /** The hash of a decision file, as a replay of the same XML finds it. */
  static String sha256(byte[] xml) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(xml));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names Camunda deploys as decisions. */
  static boolean isDmn(String resourceName) {
    return resourceName.endsWith(".dmn") || resourceName.endsWith(".dmn11.xml");
  }
}
