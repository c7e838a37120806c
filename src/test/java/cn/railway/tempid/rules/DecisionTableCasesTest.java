package cn.railway.tempid.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.railway.tempid.rules.camunda.ParsedOnceFeelEngine;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
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
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.spi.type.DmnTypeDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Proves the decision tables in {@code dmn/} with the test cases analysts keep beside them ({@code
 * dmn/<table>.cases.csv}, see {@code dmn/README.md}).
 */
class DecisionTableCasesTest {

  static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/dmn";
  static final String EXPECT = "expect.";
  static final String EXPECT_RULE = "expect.rule";
  static final String NOTE = "note";

  /** Ids the Camunda Modeler generates; analysts must replace them with readable ids. */
  static final List<Pattern> MODELER_DEFAULT_IDS =
      List.of(
          Pattern.compile(".*_[0-9a-z]{7}"),
          Pattern.compile(
              "(DecisionRule|InputClause|OutputClause|UnaryTests|LiteralExpression)_.*"),
          Pattern.compile(
              "(Input|Output|InputExpression|Definitions|Decision|DecisionTable)_\\d+"));

  static DmnEngine engine;

  /** Rule ids matched by the last evaluated decision table (single-threaded tests). */
  static List<String> lastMatchedRules = List.of();

  @BeforeAll
  static void buildEngine() {
    DefaultDmnEngineConfiguration config =
        (DefaultDmnEngineConfiguration)
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    // the FEEL engine the service evaluates the tables with (each expression parsed once)
    config.feelEngineFactory(ParsedOnceFeelEngine.factory());
    config.customPostDecisionTableEvaluationListeners(
        List.of(
            event ->
                lastMatchedRules =
                    event.getMatchingRules().stream()
                        .map(DmnEvaluatedDecisionRule::getId)
                        .toList()));
    engine = config.buildEngine();
  }

  @TestFactory
  Stream<DynamicNode> casesFromCsv() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (Resource csv : resources("dmn/*.cases.csv")) {
      String file = csv.getFilename();
      DmnDecisionTableImpl table = decisionTable(tableFor(file));
      List<CsvRow> rows = readCsv(csv);
      checkHeader(file, rows, table);
      List<DynamicTest> tests =
          rows.stream()
              .skip(1)
              .map(
                  row ->
                      DynamicTest.dynamicTest(
                          file + ":" + row.line() + " " + row.get(rows.get(0), NOTE),
                          () -> assertCase(file, table, rows.get(0), row)))
              .toList();
      files.add(DynamicContainer.dynamicContainer(file, tests));
    }
    assertTrue(!files.isEmpty(), "no dmn/*.cases.csv on the test classpath");
    return files.stream();
  }

  @Test
  void everyRuleIsHitByAtLeastOneCase() throws IOException {
    List<String> problems = new ArrayList<>();
    Resource[] tables = resources("dmn/*.dmn");
    assertTrue(tables.length > 0, "no dmn/*.dmn on the classpath");
    for (Resource dmn : tables) {
      String csvName = dmn.getFilename().replaceFirst("\\.dmn$", ".cases.csv");
      Resource csv =
          new PathMatchingResourcePatternResolver().getResource("classpath:dmn/" + csvName);
      if (!csv.exists()) {
        problems.add(dmn.getFilename() + " has no test cases file dmn/" + csvName);
        continue;
      }
      DmnDecisionTableImpl table = decisionTable(dmn);
      List<CsvRow> rows = readCsv(csv);
      Set<String> hit = new LinkedHashSet<>();
      for (CsvRow row : rows.subList(1, rows.size())) {
        evaluate(table, rows.get(0), row);
        hit.addAll(lastMatchedRules);
      }
      for (DmnDecisionTableRuleImpl rule : table.getRules()) {
        if (!hit.contains(rule.getId())) {
          problems.add(
              dmn.getFilename()
                  + ": rule "
                  + rule.getId()
                  + " is not hit by any row of "
                  + csvName);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void tablesAreReadableAndDeployable() throws Exception {
    List<String> problems = new ArrayList<>();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    for (Resource dmn : resources("dmn/*.dmn")) {
      String file = dmn.getFilename();
      Document doc;
      try (InputStream in = dmn.getInputStream()) {
        doc = factory.newDocumentBuilder().parse(in);
      }
      NodeList all = doc.getElementsByTagName("*");
      for (int i = 0; i < all.getLength(); i++) {
        String id = ((Element) all.item(i)).getAttribute("id");
        if (MODELER_DEFAULT_IDS.stream().anyMatch(p -> p.matcher(id).matches())) {
          problems.add(
              file
                  + ": id '"
                  + id
                  + "' looks like a Modeler default; give it a readable id "
                  + "such as Rule_<Table>_<WhatItDecides> (CamelCase)");
        }
      }
      NodeList decisions = doc.getElementsByTagNameNS(DMN_NS, "decision");
      if (decisions.getLength() == 0) {
        problems.add(file + ": no DMN 1.3 <decision> found");
      }
      for (int i = 0; i < decisions.getLength(); i++) {
        Element decision = (Element) decisions.item(i);
        if (decision.getAttributeNS(CAMUNDA_NS, "historyTimeToLive").isBlank()) {
          problems.add(
              file
                  + ": decision '"
                  + decision.getAttribute("id")
                  + "' has no camunda:historyTimeToLive (the engine refuses to deploy it)");
        }
      }
      NodeList rules = doc.getElementsByTagNameNS(DMN_NS, "rule");
      for (int i = 0; i < rules.getLength(); i++) {
        Element rule = (Element) rules.item(i);
        NodeList description = rule.getElementsByTagNameNS(DMN_NS, "description");
        if (description.getLength() == 0 || description.item(0).getTextContent().isBlank()) {
          problems.add(
              file + ": rule '" + rule.getAttribute("id") + "' has no description (annotation)");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  // ---------------------------------------------------------------------------------------------

  static void assertCase(String file, DmnDecisionTableImpl table, CsvRow header, CsvRow row) {
    String where = file + ":" + row.line();
    DmnDecisionResult result = evaluate(table, header, row);
    Map<String, Object> actual =
        result.isEmpty() ? Map.of() : result.getSingleResult().getEntryMap();
    for (DmnDecisionTableOutputImpl output : table.getOutputs()) {
      String column = EXPECT + output.getOutputName();
      if (header.index(column) >= 0) {
        Object expected =
            convert(
                constantsResolved(table, row.get(header, column)),
                output.getTypeDefinition(),
                where + " " + column);
        Object value = actual.get(output.getOutputName());
        assertTrue(
            sameValue(expected, value),
            where
                + ": "
                + output.getOutputName()
                + " expected <"
                + expected
                + "> but was <"
                + value
                + ">"
                + " (matched rules "
                + lastMatchedRules
                + ")");
      }
    }
    String expectedRule = row.get(header, EXPECT_RULE);
    assertEquals(
        expectedRule == null ? List.of() : List.of(expectedRule),
        lastMatchedRules,
        where + ": matched rule");
  }

  static DmnDecisionResult evaluate(DmnDecisionTableImpl table, CsvRow header, CsvRow row) {
    Map<String, Object> variables = new HashMap<>();
    for (DmnDecisionTableInputImpl input : table.getInputs()) {
      String name = input.getExpression().getExpression().trim();
      variables.put(
          name,
          convert(
              constantsResolved(table, row.get(header, name)),
              input.getExpression().getTypeDefinition(),
              "line " + row.line() + " " + name));
    }
    lastMatchedRules = List.of();
    return engine.evaluateDecision(decisionOf(table), variables);
  }

  static void checkHeader(String file, List<CsvRow> rows, DmnDecisionTableImpl table) {
    assertTrue(!rows.isEmpty(), file + " has no header line");
    Set<String> allowed = new LinkedHashSet<>();
    table.getInputs().forEach(i -> allowed.add(i.getExpression().getExpression().trim()));
    Set<String> required = new LinkedHashSet<>(allowed);
    table.getOutputs().forEach(o -> allowed.add(EXPECT + o.getOutputName()));
    required.add(EXPECT_RULE);
    allowed.add(EXPECT_RULE);
    allowed.add(NOTE);
    CsvRow header = rows.get(0);
    for (String column : header.cells()) {
      assertTrue(
          allowed.contains(column),
          file + ": unknown column '" + column + "', expected one of " + allowed);
    }
    for (String column : required) {
      assertTrue(header.index(column) >= 0, file + ": missing column '" + column + "'");
    }
    for (CsvRow row : rows.subList(1, rows.size())) {
      assertEquals(
          header.cells().size(), row.cells().size(), file + ":" + row.line() + ": number of cells");
    }
  }

  /** Converts a CSV cell (null when empty) to the Java type of the DMN typeRef. */
  static Object convert(String cell, DmnTypeDefinition type, String where) {
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
      throw new AssertionError(
          where + ": cannot read '" + cell + "' as " + typeName + ": " + e.getMessage());
    }
  }

  static boolean sameValue(Object expected, Object actual) {
    if (expected instanceof Number e && actual instanceof Number a) {
      return new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0;
    }
    return Objects.equals(expected, actual);
  }

  static DmnDecisionTableImpl decisionTable(Resource dmn) throws IOException {
    try (InputStream in = dmn.getInputStream()) {
      List<DmnDecision> tables =
          engine.parseDecisions(in).stream().filter(DmnDecision::isDecisionTable).toList();
      assertEquals(1, tables.size(), dmn.getFilename() + " must hold exactly one decision table");
      DECISIONS.put(tables.get(0).getDecisionLogic(), tables.get(0));
      DmnDecisionTableImpl table = (DmnDecisionTableImpl) tables.get(0).getDecisionLogic();
      CONSTANTS.put(table, constantsOf(dmn));
      return table;
    }
  }

  /**
   * The values of the file's literal-expression decisions (such as quota.dmn's {@code
   * monthlyLimit}), by variable name: a case may write {@code monthlyLimit - 1} instead of a
   * number, so the cases stay right when an analyst changes that one cell.
   */
  static Map<String, Object> constantsOf(Resource dmn) throws IOException {
    Map<String, Object> constants = new HashMap<>();
    try (InputStream in = dmn.getInputStream()) {
      for (DmnDecision decision : engine.parseDecisions(in)) {
        if (decision.getDecisionLogic() instanceof DmnDecisionLiteralExpressionImpl) {
          DmnDecisionResult value = engine.evaluateDecision(decision, Map.of());
          constants.putAll(value.getSingleResult().getEntryMap());
        }
      }
    }
    return constants;
  }

  static final Map<Object, Map<String, Object>> CONSTANTS = new HashMap<>();

  static final Pattern CONSTANT_EXPRESSION =
      Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\s*(?:([+-])\\s*(\\d+))?");

  /** A cell naming a constant of the table's file ({@code monthlyLimit - 1}) as its value. */
  static String constantsResolved(DmnDecisionTableImpl table, String cell) {
    if (cell == null) {
      return null;
    }
    Matcher m = CONSTANT_EXPRESSION.matcher(cell);
    Map<String, Object> constants = CONSTANTS.getOrDefault(table, Map.of());
    if (!m.matches() || !(constants.get(m.group(1)) instanceof Number base)) {
      return cell;
    }
    long offset = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return Long.toString(base.longValue() + ("-".equals(m.group(2)) ? -offset : offset));
  }

  static final Map<Object, DmnDecision> DECISIONS = new HashMap<>();

  static DmnDecision decisionOf(DmnDecisionTableImpl table) {
    return DECISIONS.get(table);
  }

  static Resource tableFor(String csvName) {
    String dmnName = csvName.replaceFirst("\\.cases\\.csv$", ".dmn");
    Resource dmn =
        new PathMatchingResourcePatternResolver().getResource("classpath:dmn/" + dmnName);
    if (!dmn.exists()) {
      fail(csvName + ": there is no table dmn/" + dmnName + " to test");
    }
    return dmn;
  }

  static Resource[] resources(String pattern) throws IOException {
    Resource[] found =
        new PathMatchingResourcePatternResolver().getResources("classpath*:" + pattern);
    Map<String, Resource> byName = new TreeMap<>();
    for (Resource r : found) {
      byName.putIfAbsent(r.getFilename(), r);
    }
    return byName.values().toArray(Resource[]::new);
  }

  // --- minimal CSV: comma separated, optional "quoted" cells ("" inside quotes), # comment lines
  // ---

  record CsvRow(int line, List<String> cells) {
    int index(String column) {
      return cells.indexOf(column);
    }

    /** The cell under the header column, or null when the cell is empty or missing. */
    String get(CsvRow header, String column) {
      int i = header.index(column);
      String cell = i < 0 || i >= cells.size() ? null : cells.get(i);
      return cell == null || cell.isBlank() ? null : cell.trim();
    }
  }

  static List<CsvRow> readCsv(Resource csv) throws IOException {
    String text;
    try (InputStream in = csv.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\uFEFF", "");
    }
    List<CsvRow> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      rows.add(new CsvRow(n + 1, splitCsvLine(line)));
    }
    return rows;
  }

  static List<String> splitCsvLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().trim());
    return cells;
  }
}
