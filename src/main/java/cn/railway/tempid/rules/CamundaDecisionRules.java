package cn.railway.tempid.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * Evaluates the latest deployed version of a DMN table (deployed from {@code dmn/} at start-up, or
 * by an analyst from Camunda Modeler) with a DMN engine of its own.
 *
 * <p>Why not the process engine's decision service or a business rule task: their inputs
 * (face and liveness scores, registry flags, location) would be written to process variables and
 * decision history, and those must never hold personal data. This engine keeps no history.
 */
@Component
class CamundaDecisionRules implements DecisionRules {
  private final RepositoryService repository;
  private final DmnEngine dmnEngine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
      .buildEngine();
  private final Map<String, DmnDecision> parsedByDefinitionId = new ConcurrentHashMap<>();

  CamundaDecisionRules(RepositoryService repository) {
    this.repository = repository;
  }

  @Override
  public Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs) {
    DmnDecision decision = latest(decisionKey);
    DmnDecisionResult result = dmnEngine.evaluateDecision(decision, new HashMap<>(inputs));
    DmnDecisionResultEntries first = result.getFirstResult();
    if (first == null) {
      throw new NoMatchingRuleException(decisionKey);
    }
    return new HashMap<>(first.getEntryMap());
  }

  private DmnDecision latest(String decisionKey) {
    DecisionDefinition definition = repository.createDecisionDefinitionQuery()
        .decisionDefinitionKey(decisionKey)
        .withoutTenantId()
        .latestVersion()
        .singleResult();
    if (definition == null) {
      throw new IllegalStateException("Decision '" + decisionKey + "' is not deployed");
    }
    return parsedByDefinitionId.computeIfAbsent(definition.getId(), id -> parse(id, decisionKey));
  }

  private DmnDecision parse(String definitionId, String decisionKey) {
    try (InputStream model = repository.getDecisionModel(definitionId)) {
      return dmnEngine.parseDecision(decisionKey, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
