package cn.railway.tempid.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An output column the service reads from a decision: a text from a closed set, a boolean, or a
 * number in a range. {@code nullable}: an empty cell (no value) is understood too. Says in an
 * analyst's words what is wrong with a value the service would not understand.
 */
public record DecisionOutput(
    String name,
    DecisionType type,
    Set<String> values,
    BigDecimal min,
    BigDecimal max,
    boolean nullable) {

  static DecisionOutput text(String name, boolean nullable, Set<String> values) {
    return new DecisionOutput(name, DecisionType.STRING, values, null, null, nullable);
  }

  static DecisionOutput bool(String name, boolean nullable) {
    return new DecisionOutput(name, DecisionType.BOOLEAN, Set.of(), null, null, nullable);
  }

  static DecisionOutput integer(String name, int min, int max) {
    return new DecisionOutput(
        name,
        DecisionType.INTEGER,
        Set.of(),
        BigDecimal.valueOf(min),
        BigDecimal.valueOf(max),
        false);
  }

  /**
   * The values the service understands, as an analyst writes them in a cell: the texts, {@code
   * true}/{@code false}, or a number range {@code [min..max]}; {@code null} when an empty cell is
   * understood.
   */
  public List<String> allowedValues() {
    List<String> allowed = new ArrayList<>();
    switch (type) {
      case STRING -> values.forEach(v -> allowed.add('"' + v + '"'));
      case BOOLEAN -> allowed.addAll(List.of("true", "false"));
      default -> allowed.add("[" + min.toPlainString() + ".." + max.toPlainString() + "]");
    }
    if (nullable) {
      allowed.add("null");
    }
    return allowed;
  }

  /** What is wrong with a value of this output, in words; empty when the service understands it. */
  public Optional<String> problem(Object value) {
    if (value == null) {
      return nullable
          ? Optional.empty()
          : Optional.of("no value for '" + name + "', but the service needs one");
    }
    boolean understood =
        switch (type) {
          case STRING -> value instanceof String s && values.contains(s);
          case BOOLEAN -> value instanceof Boolean;
          case INTEGER, DOUBLE ->
              value instanceof Number n
                  && new BigDecimal(n.toString()).compareTo(min) >= 0
                  && new BigDecimal(n.toString()).compareTo(max) <= 0
                  && (type == DecisionType.DOUBLE
                      || new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0);
        };
    if (understood) {
      return Optional.empty();
    }
    String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    return Optional.of(
        shown
            + " is not a value the service understands for '"
            + name
            + "'; it understands "
            + String.join(", ", allowedValues()));
  }
}
