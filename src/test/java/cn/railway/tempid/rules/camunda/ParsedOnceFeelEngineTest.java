package cn.railway.tempid.rules.camunda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/**
 * The FEEL engine the decision tables run on answers as Camunda's own does, and parses each text
 * once however often and with whatever variables it is evaluated.
 */
class ParsedOnceFeelEngineTest {
  final FeelEngine stock = new ScalaFeelEngineFactory().createInstance();
  final ParsedOnceFeelEngine parsedOnce =
      (ParsedOnceFeelEngine) ParsedOnceFeelEngine.factory().createInstance();

  static VariableContext variables(Map<String, Object> values) {
    return Variables.fromMap(values).asVariableContext();
  }

  static final List<Map<String, Object>> CONTEXTS =
      List.of(
          Map.of("usedThisMonth", 0, "province", "北京市", "score", 0.91, "active", false),
          Map.of("usedThisMonth", 3, "province", "香港", "score", 0.42, "active", true),
          Map.of("usedThisMonth", 9, "province", "", "score", 1.0, "active", false));

  static final List<String> EXPRESSIONS =
      List.of(
          "usedThisMonth",
          "usedThisMonth + 1",
          "province = \"香港\"",
          "string length(province)",
          "if score >= 0.9 then \"PASS\" else \"REVIEW\"",
          "date(\"2026-12-06\") + duration(\"P1D\")",
          "notDefined");

  static final List<String> UNARY_TESTS =
      List.of(
          "< 3", "[1..5]", "3, 9", "-", "not(0)", "? > usedThisMonth - 1", "null", "false, null");

  @Test
  void expressionsGiveTheStockEnginesAnswers() {
    for (Map<String, Object> values : CONTEXTS) {
      for (String expression : EXPRESSIONS) {
        Object expected = stock.evaluateSimpleExpression(expression, variables(values));
        Object actual = parsedOnce.evaluateSimpleExpression(expression, variables(values));
        assertEquals(expected, actual, expression + " with " + values);
      }
    }
  }

  @Test
  void unaryTestsGiveTheStockEnginesAnswers() {
    for (Map<String, Object> values : CONTEXTS) {
      for (Object input : new Object[] {values.get("usedThisMonth"), values.get("active"), null}) {
        for (String test : UNARY_TESTS) {
          boolean expected =
              stock.evaluateSimpleUnaryTests(test, "cellInput", withInput(values, input));
          boolean actual =
              parsedOnce.evaluateSimpleUnaryTests(test, "cellInput", withInput(values, input));
          assertEquals(expected, actual, test + " on " + input + " with " + values);
        }
      }
    }
  }

  /** Camunda passes the input's value under the variable name it gives the unary test. */
  static VariableContext withInput(Map<String, Object> values, Object input) {
    java.util.HashMap<String, Object> all = new java.util.HashMap<>(values);
    all.put("cellInput", input);
    return variables(all);
  }

  @Test
  void aTextThatDoesNotParseFailsWithTheStockEnginesMessageEveryTime() {
    VariableContext vars = variables(CONTEXTS.get(0));
    FeelException stockExpression =
        assertThrows(
            FeelException.class, () -> stock.evaluateSimpleExpression("usedThisMonth +", vars));
    for (int i = 0; i < 2; i++) {
      FeelException e =
          assertThrows(
              FeelException.class,
              () -> parsedOnce.evaluateSimpleExpression("usedThisMonth +", vars));
      assertEquals(stockExpression.getMessage(), e.getMessage());
    }
    FeelException stockTest =
        assertThrows(
            FeelException.class,
            () ->
                stock.evaluateSimpleUnaryTests("[1..", "cellInput", withInput(CONTEXTS.get(0), 1)));
    FeelException e =
        assertThrows(
            FeelException.class,
            () ->
                parsedOnce.evaluateSimpleUnaryTests(
                    "[1..", "cellInput", withInput(CONTEXTS.get(0), 1)));
    assertEquals(stockTest.getMessage(), e.getMessage());
  }

  @Test
  void eachTextIsParsedOnceWhateverTheVariables() {
    for (int round = 0; round < 3; round++) {
      for (Map<String, Object> values : CONTEXTS) {
        EXPRESSIONS.forEach(x -> parsedOnce.evaluateSimpleExpression(x, variables(values)));
        UNARY_TESTS.forEach(
            t -> parsedOnce.evaluateSimpleUnaryTests(t, "cellInput", withInput(values, 3)));
      }
    }
    assertEquals(EXPRESSIONS.size() + UNARY_TESTS.size(), parsedOnce.parsedTexts());
    // kept are the parsed texts, never answers: other variables, another answer
    assertEquals(
        1L,
        (Object)
            parsedOnce.evaluateSimpleExpression("usedThisMonth + 1", variables(CONTEXTS.get(0))));
    assertEquals(
        10L,
        (Object)
            parsedOnce.evaluateSimpleExpression("usedThisMonth + 1", variables(CONTEXTS.get(2))));
  }
}
