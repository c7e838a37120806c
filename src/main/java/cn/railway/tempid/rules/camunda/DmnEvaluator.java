package cn.railway.tempid.rules.camunda;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;

/**
 * A DMN engine of the service's own (no history, FEEL only, each FEEL text parsed once: {@link
 * ParsedOnceFeelEngine}) that also says which rows matched. The engine's result holds only the
 * outputs; the ids of the matched rows come from its post-evaluation event, caught by a listener on
 * this engine's configuration and handed back on the evaluating thread.
 *
 * <p>The production tables ({@link CamundaDecisionRules}) and the analysts' replays ({@link
 * DecisionReplay}) each have one, so a candidate's texts never crowd the production tables' parse
 * cache.
 */
final class DmnEvaluator {
  private final ThreadLocal<List<String>> matched = new ThreadLocal<>();
  private final DmnEngine engine;

  DmnEvaluator() {
    DefaultDmnEngineConfiguration configuration =
        (DefaultDmnEngineConfiguration)
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration
        .feelEngineFactory(ParsedOnceFeelEngine.factory())
        // FEEL only: no JUEL and no script language can run in a table (DeploymentGate)
        .elProvider(DeploymentGate.NO_JUEL)
        .scriptEngineResolver(language -> null);
    configuration.customPostDecisionEvaluationListeners(
        List.of(
            event -> {
              if (event.getDecisionResult() instanceof DmnDecisionTableEvaluationEvent table) {
                List<String> ids = new ArrayList<>(table.getMatchingRules().size());
                for (DmnEvaluatedDecisionRule rule : table.getMatchingRules()) {
                  ids.add(rule.getId());
                }
                matched.set(ids);
              }
            }));
    engine = configuration.buildEngine();
  }

  /** The outputs of an evaluation and the ids of the rows that matched (after the hit policy). */
  record Evaluation(DmnDecisionResult result, List<String> ruleIds) {}

  Evaluation evaluate(DmnDecision decision, Map<String, Object> variables) {
    matched.remove();
    try {
      DmnDecisionResult result = engine.evaluateDecision(decision, variables);
      List<String> ids = matched.get();
      return new Evaluation(result, ids == null ? List.of() : ids);
    } finally {
      matched.remove();
    }
  }

  DmnDecision parse(String decisionKey, InputStream model) {
    return engine.parseDecision(decisionKey, model);
  }

  /** The name of a decision table's first output column (its outcome), or null. */
  static String mainOutput(DmnDecision decision) {
    return decision.getDecisionLogic() instanceof DmnDecisionTableImpl table
            && !table.getOutputs().isEmpty()
        ? table.getOutputs().get(0).getOutputName()
        : null;
  }
}
