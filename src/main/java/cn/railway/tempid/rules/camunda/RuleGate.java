package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.rules.DecisionContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InformationRequirement;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.LiteralExpression;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.dmn.instance.Variable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The rule gate's checks of one DMN file after {@link FeelOnly}: what the table reads and answers
 * against the {@link DecisionContract}, and its case rows. Each failure names the table, the row or
 * column and what is wrong, in an analyst's words.
 *
 * <ul>
 *   <li>a decision table of a key the service never asks for is refused (a literal decision that a
 *       table of the file requires, such as {@code monthlyLimit}, is part of that table);
 *   <li>every variable an input expression or an input cell reads is one the service supplies to
 *       that decision (or a required decision of the file): a column reading anything else would be
 *       dead, its rows silently never matching;
 *   <li>every output column is one the service reads, every column it reads is there, and every
 *       literal in an output cell is a value the service understands;
 *   <li>the case rows pass: the deployment's {@code <table>.cases.csv}, else the release's.
 * </ul>
 *
 * <p>Variable names are read with a conservative tokenizer: string literals are removed, function
 * names (followed by a parenthesis), properties ({@code a.b}) and FEEL's keywords are skipped, and
 * every other name must be supplied. A FEEL construct that introduces names of its own (a {@code
 * for} loop, a context) is therefore refused rather than guessed at.
 */
final class RuleGate {
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

  private RuleGate() {}

  /**
   * Checks one DMN file of a deployment.
   *
   * @param resource the file's name in the deployment
   * @param others the deployment's resources by name (for its {@code .cases.csv} files)
   * @param runCases false when the file failed {@link FeelOnly}: nothing of it is evaluated
   */
  static List<FeelOnly.Failure> check(
      String resource, byte[] xml, Map<String, byte[]> others, boolean runCases) {
    List<FeelOnly.Failure> failures = new ArrayList<>();
    DmnModelInstance model;
    try {
      model = Dmn.readModelFromStream(new ByteArrayInputStream(xml));
    } catch (RuntimeException unreadable) {
      failures.add(new FeelOnly.Failure(resource, null, "not a readable DMN 1.3 file"));
      return failures;
    }
    Map<String, Decision> required = new HashMap<>();
    for (Decision decision : model.getModelElementsByType(Decision.class)) {
      for (InformationRequirement requirement : decision.getInformationRequirements()) {
        if (requirement.getRequiredDecision() != null) {
          required.put(requirement.getRequiredDecision().getId(), decision);
        }
      }
    }
    for (Decision decision : model.getModelElementsByType(Decision.class)) {
      String key = decision.getId();
      String where = "decision " + key;
      if (!(decision.getExpression() instanceof DecisionTable table)) {
        if (!required.containsKey(key)) {
          failures.add(
              new FeelOnly.Failure(
                  resource,
                  where,
                  "the service asks for no decision '"
                      + key
                      + "'; a literal decision must be required by a table of the same file"));
        } else {
          checkLiteral(resource, decision, required.get(key), failures);
        }
        continue;
      }
      Optional<DecisionContract.Declaration> declared = DecisionContract.of(key);
      if (declared.isEmpty()) {
        failures.add(
            new FeelOnly.Failure(
                resource,
                where,
                "the service asks for no decision '"
                    + key
                    + "' (it asks for "
                    + String.join(", ", DecisionContract.keys())
                    + "); keep the decision id, a new decision needs a change of the service"));
        continue;
      }
      DecisionContract.Declaration contract = declared.get();
      Set<String> supplied = new LinkedHashSet<>(contract.inputNames());
      for (InformationRequirement requirement : decision.getInformationRequirements()) {
        Decision requiredDecision = requirement.getRequiredDecision();
        if (requiredDecision != null) {
          Variable variable = requiredDecision.getVariable();
          supplied.add(
              variable != null && variable.getName() != null
                  ? variable.getName()
                  : requiredDecision.getId());
        }
      }
      checkInputs(resource, where, table, contract, supplied, failures);
      checkOutputs(resource, where, table, contract, supplied, failures);
      if (runCases) {
        checkCases(resource, key, xml, others, failures);
      }
    }
    return failures;
  }

  private static void checkInputs(
      String resource,
      String where,
      DecisionTable table,
      DecisionContract.Declaration contract,
      Set<String> supplied,
      List<FeelOnly.Failure> failures) {
    List<Input> inputs = List.copyOf(table.getInputs());
    for (Input input : inputs) {
      String column = where + ", input " + input.getId() + label(input.getLabel());
      String text =
          input.getInputExpression() == null || input.getInputExpression().getText() == null
              ? ""
              : input.getInputExpression().getText().getTextContent().trim();
      for (String name : names(text)) {
        if (!supplied.contains(name)) {
          failures.add(
              new FeelOnly.Failure(
                  resource,
                  column,
                  "reads '"
                      + name
                      + "', which the service does not supply to "
                      + contract.decisionKey()
                      + ", so its rows would never match as written; it supplies "
                      + describe(contract)
                      + " (GET /api/v1/decisions/contract)"));
        }
      }
      String typeRef =
          input.getInputExpression() == null ? null : input.getInputExpression().getTypeRef();
      contract
          .input(text)
          .filter(
              declared ->
                  typeRef != null && !typeRef.isBlank() && !compatible(declared.type(), typeRef))
          .ifPresent(
              declared ->
                  failures.add(
                      new FeelOnly.Failure(
                          resource,
                          column,
                          "'"
                              + text
                              + "' is typed "
                              + typeRef
                              + ", but the service supplies a "
                              + declared.type().typeRef())));
    }
    for (Rule rule : table.getRules()) {
      List<InputEntry> entries = List.copyOf(rule.getInputEntries());
      for (int i = 0; i < entries.size(); i++) {
        String text =
            entries.get(i).getText() == null ? "" : entries.get(i).getText().getTextContent();
        for (String name : names(text)) {
          if (!supplied.contains(name)) {
            failures.add(
                new FeelOnly.Failure(
                    resource,
                    where + ", rule " + rule.getId() + ", input entry " + entries.get(i).getId(),
                    "uses '"
                        + name
                        + "', which the service does not supply to "
                        + contract.decisionKey()
                        + "; it supplies "
                        + describe(contract)));
          }
        }
      }
    }
  }

  private static void checkOutputs(
      String resource,
      String where,
      DecisionTable table,
      DecisionContract.Declaration contract,
      Set<String> supplied,
      List<FeelOnly.Failure> failures) {
    List<Output> outputs = List.copyOf(table.getOutputs());
    Set<String> present = new LinkedHashSet<>();
    for (Output output : outputs) {
      present.add(output.getName());
      if (contract.output(output.getName()).isEmpty()) {
        failures.add(
            new FeelOnly.Failure(
                resource,
                where + ", output " + output.getId() + label(output.getLabel()),
                "the service does not read an output '"
                    + output.getName()
                    + "' of "
                    + contract.decisionKey()
                    + "; it reads "
                    + contract.outputs().stream().map(DecisionContract.Output::name).toList()));
      }
    }
    for (DecisionContract.Output output : contract.outputs()) {
      if (!present.contains(output.name())) {
        failures.add(
            new FeelOnly.Failure(
                resource,
                where,
                "the service reads the output '"
                    + output.name()
                    + "', which the table lacks: keep that column"));
      }
    }
    for (Rule rule : table.getRules()) {
      List<OutputEntry> entries = List.copyOf(rule.getOutputEntries());
      Map<String, Object> literals = new HashMap<>();
      for (int i = 0; i < entries.size() && i < outputs.size(); i++) {
        Output column = outputs.get(i);
        String text =
            entries.get(i).getText() == null
                ? ""
                : entries.get(i).getText().getTextContent().trim();
        String cell = "rule " + rule.getId() + ", output '" + column.getName() + "'";
        Optional<DecisionContract.Output> declared = contract.output(column.getName());
        Literal literal = literal(text);
        if (literal == null) {
          for (String name : names(text)) {
            if (!supplied.contains(name)) {
              failures.add(
                  new FeelOnly.Failure(
                      resource,
                      where + ", " + cell,
                      "uses '"
                          + name
                          + "', which the service does not supply to "
                          + contract.decisionKey()));
            }
          }
          continue;
        }
        literals.put(column.getName(), literal.value());
        declared
            .flatMap(d -> d.problem(literal.value()))
            .ifPresent(
                problem ->
                    failures.add(new FeelOnly.Failure(resource, where + ", " + cell, problem)));
      }
      for (String problem : contract.rowRuleProblems(literals)) {
        failures.add(new FeelOnly.Failure(resource, where + ", rule " + rule.getId(), problem));
      }
    }
  }

  /** A literal decision required by a table: a number the table answers must be in range. */
  private static void checkLiteral(
      String resource,
      Decision literalDecision,
      Decision requiredBy,
      List<FeelOnly.Failure> failures) {
    Variable variable = literalDecision.getVariable();
    if (variable == null
        || !(literalDecision.getExpression() instanceof LiteralExpression expression)
        || expression.getText() == null) {
      return;
    }
    Literal literal = literal(expression.getText().getTextContent().trim());
    if (literal == null) {
      return;
    }
    DecisionContract.of(requiredBy.getId())
        .flatMap(contract -> contract.output(variable.getName()))
        .flatMap(output -> output.problem(literal.value()))
        .ifPresent(
            problem ->
                failures.add(
                    new FeelOnly.Failure(
                        resource, "decision " + literalDecision.getId(), problem)));
  }

  private static void checkCases(
      String resource,
      String key,
      byte[] xml,
      Map<String, byte[]> others,
      List<FeelOnly.Failure> failures) {
    String base = baseName(resource).replaceFirst("\\.dmn$", "");
    String csvName = base + ".cases.csv";
    byte[] csv = null;
    String source = null;
    for (Map.Entry<String, byte[]> other : others.entrySet()) {
      if (baseName(other.getKey()).equals(csvName)) {
        csv = other.getValue();
        source = "the case rows deployed with it";
      }
    }
    if (csv == null) {
      Optional<String> release = releaseCases(base, key);
      if (release.isPresent()) {
        csvName = baseName(release.get());
        csv = classpath(release.get());
        source = "the release's case rows, as none were deployed with the table";
      }
    }
    if (csv == null) {
      failures.add(
          new FeelOnly.Failure(
              resource, "decision " + key, "no case rows: deploy " + csvName + " with the table"));
      return;
    }
    DecisionCases.Table table;
    try {
      table = DecisionCases.table(xml, key);
    } catch (RuntimeException unparsable) {
      failures.add(
          new FeelOnly.Failure(
              resource, "decision " + key, "cannot be evaluated: " + unparsable.getMessage()));
      return;
    }
    for (DecisionCases.Result result : DecisionCases.run(table, csvName, csv)) {
      for (String failure : result.failures()) {
        failures.add(new FeelOnly.Failure(resource, source, failure));
      }
    }
  }

  /** The release's cases of a table: {@code dmn/<file>.cases.csv}, else those of its key. */
  private static Optional<String> releaseCases(String base, String key) {
    String byName = "dmn/" + base + ".cases.csv";
    if (classpath(byName) != null) {
      return Optional.of(byName);
    }
    try {
      for (Resource dmn :
          new PathMatchingResourcePatternResolver().getResources("classpath*:dmn/*.dmn")) {
        try (InputStream in = dmn.getInputStream()) {
          DmnModelInstance model = Dmn.readModelFromStream(in);
          if (model.getModelElementById(key) instanceof Decision) {
            String csv = "dmn/" + dmn.getFilename().replaceFirst("\\.dmn$", ".cases.csv");
            if (classpath(csv) != null) {
              return Optional.of(csv);
            }
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static byte[] classpath(String path) {
    try (InputStream in = RuleGate.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

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
  private record Literal(Object value) {}

  private static Literal literal(String text) {
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

  private static boolean compatible(DecisionContract.Type type, String typeRef) {
    String ref = typeRef.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (type) {
      case STRING -> ref.equals("string");
      case BOOLEAN -> ref.equals("boolean");
      case INTEGER -> Set.of("integer", "long", "double", "number").contains(ref);
      case DOUBLE -> Set.of("double", "number").contains(ref);
    };
  }

  private static String describe(DecisionContract.Declaration contract) {
    return String.join(
        ", ",
        contract.inputs().stream().map(i -> i.name() + " (" + i.type().typeRef() + ")").toList());
  }

  private static String label(String label) {
    return label == null || label.isBlank() ? "" : " \"" + label + "\"";
  }
}
