package cn.railway.tempid.rules;

import java.util.Map;

/**
 * The business rules that analysts own, as DMN tables in {@code dmn/}. Features ask this port for a
 * decision by its key; the adapter evaluates the latest deployed version of the table.
 */
public interface DecisionRules {

  /**
   * Evaluates a FIRST-hit decision table and returns the outputs of the matching rule.
   *
   * @throws NoMatchingRuleException when no rule matches (a gap in the table: a technical fault)
   */
  Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs);

  final class NoMatchingRuleException extends RuntimeException {
    public NoMatchingRuleException(String decisionKey) {
      super("No rule of decision '" + decisionKey + "' matched; the table needs a catch-all row");
    }
  }
}
