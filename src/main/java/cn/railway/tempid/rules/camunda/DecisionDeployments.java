package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.shared.longpoll.ChangeSignals;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.springframework.stereotype.Component;

/**
 * Signals each new deployment that holds a DMN file ({@link CamundaDecisionRules#DEPLOYED}), inside
 * the deployment's transaction: once it commits, every node's decision rules forget the latest
 * versions they remembered, so an analyst's new table decides the next evaluation on any node
 * (Camunda Modeler deploys through the REST API of whichever node it reaches).
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
          }
        });
    configuration.setCustomPostDeployers(deployers);
  }

  /** The names Camunda deploys as decisions. */
  static boolean isDmn(String resourceName) {
    return resourceName.endsWith(".dmn") || resourceName.endsWith(".dmn11.xml");
  }
}
