package cn.railway.tempid.rules.camunda;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.impl.spi.type.DmnTypeDefinition;

/**
 * The values of case-row cells ({@link DecisionCases}): a cell read as the column's DMN type, a
 * cell naming a constant of the table's file, and numbers compared by value ({@code 3} is {@code
 * 3.0}).
 */
final class CaseCells {
  private static final Pattern CONSTANT_EXPRESSION =
      Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\s*(?:([+-])\\s*(\\d+))?");

  private CaseCells() {}

  /** Converts a cell (null when empty) to the Java type of the DMN typeRef. */
  static Object convert(String cell, DmnTypeDefinition type, String column) {
    if (cell == null) {
      return null;
    }
    String typeName = type == null || type.getTypeName() == null ? "string" : type.getTypeName();
    try {
      return switch (typeName) {
        case "boolean" ->
            switch (cell) {
              case "true" -> Boolean.TRUE;
              case "false" -> Boolean.FALSE;
              default -> throw new IllegalArgumentException("expected true or false");
            };
        case "integer" -> Integer.valueOf(cell);
        case "long" -> Long.valueOf(cell);
        case "double" -> Double.valueOf(cell);
        default -> cell;
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          column + ": cannot read '" + cell + "' as " + typeName + " (" + e.getMessage() + ")");
    }
  }

  static boolean sameValue(Object expected, Object actual) {
    if (expected instanceof Number e && actual instanceof Number a) {
      return new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0;
    }
    return Objects.equals(expected, actual);
  }

  /** A cell naming a constant of the table's file ({@code monthlyLimit - 1}) as its value. */
  static String resolved(DecisionCases.Table table, String cell) {
    if (cell == null) {
      return null;
    }
    Matcher m = CONSTANT_EXPRESSION.matcher(cell);
    if (!m.matches() || !(table.constants().get(m.group(1)) instanceof Number base)) {
      return cell;
    }
    long offset = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return Long.toString(base.longValue() + ("-".equals(m.group(2)) ? -offset : offset));
  }
}
