package cn.railway.tempid.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A condition between two outputs of one row of a decision: when {@code ifOutput} is {@code
 * ifValue}, {@code thenOutput} must be one of {@code thenValues} (e.g. a REJECT names a refusal the
 * passenger is shown).
 */
public record DecisionRowRule(
    String ifOutput, String ifValue, String thenOutput, Set<String> thenValues, String why) {

  /**
   * What breaks this rule in one row's outputs, in words; empty when it holds or when the row lacks
   * either output (only outputs present are judged).
   */
  Optional<String> problem(Map<String, ?> answer) {
    if (!answer.containsKey(ifOutput) || !answer.containsKey(thenOutput)) {
      return Optional.empty();
    }
    Object when = answer.get(ifOutput);
    Object then = answer.get(thenOutput);
    if (!ifValue.equals(when) || thenValues.contains(then)) {
      return Optional.empty();
    }
    return Optional.of(
        (then instanceof String s ? '"' + s + '"' : String.valueOf(then))
            + " in '"
            + thenOutput
            + "' with "
            + ifOutput
            + " \""
            + ifValue
            + "\": "
            + why);
  }
}
