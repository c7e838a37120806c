package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionDeclaration;
import cn.railway.tempid.rules.DecisionOutput;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.LiteralExpression;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.dmn.instance.Variable;

/**
 * The rule gate's check of what a decision table answers: every output column is one the service
 * reads, every column it reads is there, every literal in an output cell (and in a literal decision
 * the table requires, such as {@code monthlyLimit}) is a value the service understands, and each
 * row keeps the contract's rules between its outputs.
 */
final class TableOutputsCheck {
  private TableOutputsCheck() {}

  static void check(
      String resource,
      String where,
      DecisionTable table,
      DecisionDeclaration contract,
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
                where + ", output " + output.getId() + RuleGate.label(output.getLabel()),
                "the service does not read an output '"
                    + output.getName()
                    + "' of "
                    + contract.decisionKey()
                    + "; it reads "
                    + contract.outputs().stream().map(DecisionOutput::name).toList()));
      }
    }
    for (DecisionOutput output : contract.outputs()) {
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
        Optional<DecisionOutput> declared = contract.output(column.getName());
        FeelNames.Literal literal = FeelNames.literal(text);
        if (literal == null) {
          for (String name : FeelNames.names(text)) {
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
  static void checkLiteral(
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
    FeelNames.Literal literal = FeelNames.literal(expression.getText().getTextContent().trim());
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
}
