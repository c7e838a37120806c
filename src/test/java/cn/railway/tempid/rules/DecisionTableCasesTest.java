package cn.railway.tempid.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.railway.tempid.rules.camunda.DecisionCases;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
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
 * dmn/<table>.cases.csv}, see {@code dmn/README.md}), run by the same {@link DecisionCases} the
 * rule gate runs at every deployment.
 */
class DecisionTableCasesTest {

  static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/dmn";

  /** Ids the Camunda Modeler generates; analysts must replace them with readable ids. */
  static final List<Pattern> MODELER_DEFAULT_IDS =
      List.of(
          Pattern.compile(".*_[0-9a-z]{7}"),
          Pattern.compile(
              "(DecisionRule|InputClause|OutputClause|UnaryTests|LiteralExpression)_.*"),
          Pattern.compile(
              "(Input|Output|InputExpression|Definitions|Decision|DecisionTable)_\\d+"));

  /**
   * The service's own classes (the jar, without the test classpath) carry every table's case rows:
   * the rule gate runs them when the release deploys its tables at start-up, and a packaged node
   * without them refused to start.
   */
  @Test
  void theReleaseShipsEachTableWithItsCaseRows() throws Exception {
    java.nio.file.Path mainClasses =
        java.nio.file.Path.of(
            cn.railway.tempid.TemporaryIdApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    List<String> missing = new ArrayList<>();
    try (Stream<java.nio.file.Path> tables = java.nio.file.Files.list(mainClasses.resolve("dmn"))) {
      tables
          .filter(table -> table.toString().endsWith(".dmn"))
          .forEach(
              table -> {
                java.nio.file.Path cases =
                    table.resolveSibling(
                        table.getFileName().toString().replaceFirst("\\.dmn$", ".cases.csv"));
                if (!java.nio.file.Files.isRegularFile(cases)) {
                  missing.add(mainClasses.relativize(cases).toString());
                }
              });
    }
    assertTrue(missing.isEmpty(), "not in the service's classes: " + missing);
  }

  @TestFactory
  Stream<DynamicNode> casesFromCsv() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (Resource csv : resources("dmn/*.cases.csv")) {
      String file = csv.getFilename();
      DecisionCases.Table table = DecisionCases.table(bytes(tableFor(file)), null);
      List<DynamicTest> tests =
          DecisionCases.run(table, file, bytes(csv)).stream()
              .map(
                  result ->
                      DynamicTest.dynamicTest(
                          file + ":" + result.line() + " " + result.note(),
                          () -> assertTrue(result.passed(), String.join("\n", result.failures()))))
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
      DecisionCases.Table table = DecisionCases.table(bytes(dmn), null);
      Set<String> hit = new LinkedHashSet<>();
      for (DecisionCases.Result result : DecisionCases.run(table, csvName, bytes(csv))) {
        hit.addAll(result.matchedRules());
      }
      for (String rule : table.ruleIds()) {
        if (!hit.contains(rule)) {
          problems.add(
              dmn.getFilename() + ": rule " + rule + " is not hit by any row of " + csvName);
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

  static byte[] bytes(Resource resource) throws IOException {
    try (InputStream in = resource.getInputStream()) {
      return in.readAllBytes();
    }
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
}
