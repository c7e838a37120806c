package cn.railway.tempid.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the inputs of one evaluation from a {@link DecisionDeclaration}: every input, and nothing
 * else ({@code DecisionContract.QUOTA.supply().put(…).build()}).
 */
public final class DecisionInputs {
  private final DecisionDeclaration declaration;
  private final Map<String, Object> values = new HashMap<>();

  DecisionInputs(DecisionDeclaration declaration) {
    this.declaration = declaration;
  }

  /**
   * @throws IllegalArgumentException for a name the contract does not list for this decision, or a
   *     value of another type (a programming error, caught by any test that runs the caller)
   */
  public DecisionInputs put(String name, Object value) {
    DecisionInput input =
        declaration
            .input(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The decision contract of '"
                            + declaration.decisionKey()
                            + "' lists no input '"
                            + name
                            + "': add it to DecisionContract first"));
    if (!input.type().accepts(value)) {
      throw new IllegalArgumentException(
          "Input '" + name + "' of '" + declaration.decisionKey() + "' is a " + input.type());
    }
    values.put(name, value);
    return this;
  }

  /**
   * @throws IllegalStateException when an input of the contract was not put
   */
  public Map<String, Object> build() {
    Set<String> missing = new TreeSet<>(declaration.inputNames());
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The decision contract of '"
              + declaration.decisionKey()
              + "' lists inputs the caller does not supply: "
              + missing);
    }
    return new HashMap<>(values);
  }
}
