package cn.railway.tempid.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

  /**
   * Runs {@code work} on behalf of one application: every evaluation it makes on this thread is
   * recorded for that application (which table, which version, which outcome; never the inputs), in
   * the current transaction. Evaluations outside such a scope (for display) are not recorded.
   */
  <T> T decidingFor(String applicationId, Supplier<T> work);

  /** The recorded decisions of an application, oldest first. */
  List<RecordedDecision> recordedFor(String applicationId);

  /** One recorded evaluation: the table's key and version, and its main output. */
  record RecordedDecision(
      String decision, int version, String definitionId, String outcome, Instant decidedAt) {}

  final class NoMatchingRuleException extends RuntimeException {
    public NoMatchingRuleException(String decisionKey) {
      super("No rule of decision '" + decisionKey + "' matched; the table needs a catch-all row");
    }
  }
}
