package cn.railway.tempid.rules;

import java.util.Locale;

/**
 * The type of a decision's input or output, as the table's {@code typeRef} names it: the values the
 * {@link DecisionContract} lets a caller supply and a table answer.
 */
public enum DecisionType {
  STRING,
  BOOLEAN,
  INTEGER,
  DOUBLE;

  /** The DMN {@code typeRef}: {@code string}, {@code boolean}, {@code integer}, {@code double}. */
  public String typeRef() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A value of this type, or no value at all ({@code null}). */
  boolean accepts(Object value) {
    return value == null
        || switch (this) {
          case STRING -> value instanceof String;
          case BOOLEAN -> value instanceof Boolean;
          case INTEGER -> value instanceof Integer || value instanceof Long;
          case DOUBLE -> value instanceof Double || value instanceof Float;
        };
  }
}
