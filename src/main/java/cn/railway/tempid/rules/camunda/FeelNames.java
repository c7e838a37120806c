package cn.railway.tempid.rules.camunda;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rule gate reads of a FEEL text: the variable names it uses, and the value of a cell that
 * is a plain literal.
 *
 * <p>Variable names are read with a conservative tokenizer: string literals are removed, function
 * names (followed by a parenthesis), properties ({@code a.b}) and FEEL's keywords are skipped, and
 * every other name must be supplied. A FEEL construct that introduces names of its own (a {@code
 * for} loop, a context) is therefore refused rather than guessed at.
 */
final class FeelNames {
  private static final Pattern NAME =
      Pattern.compile("(?<![\\p{L}\\p{N}_$.])[\\p{L}_$][\\p{L}\\p{N}_$]*(?![\\p{L}\\p{N}_$])");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "true",
          "false",
          "null",
          "not",
          "and",
          "or",
          "between",
          "in",
          "instance",
          "of",
          "if",
          "then",
          "else",
          "for",
          "return",
          "some",
          "every",
          "satisfies",
          "function");

  private FeelNames() {}

  /** The names an expression or unary test reads (see the class comment). */
  static Set<String> names(String feel) {
    Set<String> names = new LinkedHashSet<>();
    String text = STRING_LITERAL.matcher(feel == null ? "" : feel).replaceAll("\"\"");
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      String name = m.group();
      String rest = text.substring(m.end()).stripLeading();
      if (KEYWORDS.contains(name) || rest.startsWith("(")) {
        continue;
      }
      names.add(name);
    }
    return names;
  }

  /** The value of a literal cell: a text, a boolean, a number or nothing. */
  record Literal(Object value) {}

  /** The literal a cell holds, or null when it is an expression. */
  static Literal literal(String text) {
    if (text.isEmpty() || text.equals("null")) {
      return new Literal(null);
    }
    if (text.equals("true") || text.equals("false")) {
      return new Literal(Boolean.valueOf(text));
    }
    if (NUMBER.matcher(text).matches()) {
      return new Literal(new BigDecimal(text));
    }
    if (STRING_LITERAL.matcher(text).matches()) {
      return new Literal(text.substring(1, text.length() - 1).replace("\\\"", "\""));
    }
    return null;
  }
}
