package cn.railway.tempid.rules.camunda;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionLiteralExpressionImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;

/**
 * Runs an analyst's case rows ({@code <table>.cases.csv}, format in {@code dmn/README.md}) against
 * a decision table: the build runs them for every table of {@code dmn/} ({@code
 * DecisionTableCasesTest}), and the rule gate runs them for every table deployed, so a table whose
 * cases fail never decides a case. The engine is the service's (FEEL only, each expression parsed
 * once).
 *
 * <p>A number cell may name a constant of the same file (a literal-expression decision such as
 * quota.dmn's {@code monthlyLimit}), alone or with {@code + N} / {@code - N}: the cases then follow
 * a change of that constant.
 *
 * <p>The file is read by {@link CaseRows}, its cells turned into values by {@link CaseCells}.
 */
public final class DecisionCases {
  public static final String EXPECT = "expect.";
  public static final String EXPECT_RULE = "expect.rule";
  public static final String NOTE = "note";

  private static final ThreadLocal<List<String>> MATCHED = ThreadLocal.withInitial(List::of);

  private static final DmnEngine ENGINE =
      ((DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration())
          .feelEngineFactory(ParsedOnceFeelEngine.factory())
          .elProvider(DeploymentGate.NO_JUEL)
          .scriptEngineResolver(language -> null)
          .customPostDecisionTableEvaluationListeners(
              List.of(
                  event ->
                      MATCHED.set(
                          event.getMatchingRules().stream()
                              .map(DmnEvaluatedDecisionRule::getId)
                              .toList())))
          .buildEngine();

  private DecisionCases() {}

  /**
   * One case row: its line, its note, the rows of the table that matched, and what differed from
   * what it expects (empty when it passes).
   */
  public record Result(int line, String note, List<String> matchedRules, List<String> failures) {
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /** The table and the constants of its file, parsed for running cases. */
  public record Table(
      DmnDecision decision, DmnDecisionTableImpl logic, Map<String, Object> constants) {
    /** The ids of the table's rows, top to bottom. */
    public List<String> ruleIds() {
      return logic.getRules().stream().map(r -> r.getId()).toList();
    }
  }

  /**
   * Parses the decision table {@code decisionKey} of a DMN file, or its only decision table when
   * the key is null.
   *
   * @throws IllegalArgumentException when the file holds no such table
   */
  public static Table table(byte[] dmn, String decisionKey) {
    List<DmnDecision> decisions = ENGINE.parseDecisions(new ByteArrayInputStream(dmn));
    Map<String, Object> constants = new HashMap<>();
    DmnDecision found = null;
    int tables = 0;
    for (DmnDecision decision : decisions) {
      if (decision.getDecisionLogic() instanceof DmnDecisionLiteralExpressionImpl) {
        DmnDecisionResult value = ENGINE.evaluateDecision(decision, Map.of());
        constants.putAll(value.getSingleResult().getEntryMap());
      } else if (decision.isDecisionTable()) {
        tables++;
        if (decisionKey == null || decisionKey.equals(decision.getKey())) {
          found = found == null ? decision : found;
        }
      }
    }
    if (found == null || (decisionKey == null && tables != 1)) {
      throw new IllegalArgumentException(
          decisionKey == null
              ? "the file must hold exactly one decision table"
              : "the file holds no decision table '" + decisionKey + "'");
    }
    return new Table(found, (DmnDecisionTableImpl) found.getDecisionLogic(), constants);
  }

  /**
   * Runs every row of a cases file; a problem with the file itself (its header) is one result of
   * line 1.
   */
  public static List<Result> run(Table table, String csvName, byte[] csv) {
    List<CaseRows.Row> rows = CaseRows.read(new String(csv, StandardCharsets.UTF_8));
    List<Result> results = new ArrayList<>();
    List<String> header = headerProblems(csvName, rows, table.logic());
    if (!header.isEmpty()) {
      results.add(new Result(rows.isEmpty() ? 1 : rows.get(0).line(), null, List.of(), header));
      return results;
    }
    CaseRows.Row head = rows.get(0);
    for (CaseRows.Row row : rows.subList(1, rows.size())) {
      results.add(runRow(table, csvName, head, row));
    }
    return results;
  }

  private static Result runRow(Table table, String csvName, CaseRows.Row header, CaseRows.Row row) {
    String note = row.get(header, NOTE);
    String where = csvName + " line " + row.line() + (note == null ? "" : " (" + note + ")");
    List<String> failures = new ArrayList<>();
    if (header.cells().size() != row.cells().size()) {
      failures.add(
          where
              + ": "
              + row.cells().size()
              + " cells, but the header has "
              + header.cells().size());
      return new Result(row.line(), note, List.of(), failures);
    }
    Map<String, Object> variables = new HashMap<>();
    Map<String, Object> actual;
    List<String> matched;
    try {
      for (DmnDecisionTableInputImpl input : table.logic().getInputs()) {
        String name = input.getExpression().getExpression().trim();
        variables.put(
            name,
            CaseCells.convert(
                CaseCells.resolved(table, row.get(header, name)),
                input.getExpression().getTypeDefinition(),
                name));
      }
      MATCHED.set(List.of());
      DmnDecisionResult result = ENGINE.evaluateDecision(table.decision(), variables);
      matched = MATCHED.get();
      actual = result.isEmpty() ? Map.of() : result.getFirstResult().getEntryMap();
    } catch (RuntimeException e) {
      failures.add(where + ": " + e.getMessage());
      return new Result(row.line(), note, List.of(), failures);
    }
    for (DmnDecisionTableOutputImpl output : table.logic().getOutputs()) {
      String column = EXPECT + output.getOutputName();
      if (header.index(column) < 0) {
        continue;
      }
      Object expected;
      try {
        expected =
            CaseCells.convert(
                CaseCells.resolved(table, row.get(header, column)),
                output.getTypeDefinition(),
                column);
      } catch (IllegalArgumentException e) {
        failures.add(where + ": " + e.getMessage());
        continue;
      }
      Object value = actual.get(output.getOutputName());
      if (!CaseCells.sameValue(expected, value)) {
        failures.add(
            where
                + ": "
                + output.getOutputName()
                + " expected <"
                + expected
                + "> but was <"
                + value
                + "> (matched rows "
                + matched
                + ")");
      }
    }
    String expectedRule = row.get(header, EXPECT_RULE);
    List<String> expectedRules = expectedRule == null ? List.of() : List.of(expectedRule);
    List<String> deciding = matched.isEmpty() ? List.of() : List.of(matched.get(0));
    if (!expectedRules.equals(deciding)) {
      failures.add(
          where
              + ": row "
              + (expectedRule == null ? "(none)" : expectedRule)
              + " should decide, but "
              + (deciding.isEmpty() ? "no row matched" : deciding.get(0) + " decided"));
    }
    return new Result(row.line(), note, matched, failures);
  }

  private static List<String> headerProblems(
      String csvName, List<CaseRows.Row> rows, DmnDecisionTableImpl table) {
    List<String> problems = new ArrayList<>();
    if (rows.isEmpty()) {
      problems.add(csvName + " has no header line");
      return problems;
    }
    Set<String> allowed = new LinkedHashSet<>();
    table.getInputs().forEach(i -> allowed.add(i.getExpression().getExpression().trim()));
    Set<String> required = new LinkedHashSet<>(allowed);
    table.getOutputs().forEach(o -> allowed.add(EXPECT + o.getOutputName()));
    required.add(EXPECT_RULE);
    allowed.add(EXPECT_RULE);
    allowed.add(NOTE);
    CaseRows.Row header = rows.get(0);
    for (String column : header.cells()) {
      if (!allowed.contains(column)) {
        problems.add(csvName + ": unknown column '" + column + "', expected one of " + allowed);
      }
    }
    for (String column : required) {
      if (header.index(column) < 0) {
        problems.add(csvName + ": missing column '" + column + "'");
      }
    }
    return problems;
  }
}
