package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.rules.DecisionDeclaration;
import cn.railway.tempid.rules.DecisionType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;

/**
 * The rule gate's check of what a decision table reads: every variable an input expression or an
 * input cell reads is one the service supplies to that decision (or a required decision of the
 * file), and an input column's type is the one the service supplies. A column reading anything else
 * would be dead, its rows silently never matching.
 */
final class TableInputsCheck {
  private TableInputsCheck() {}

  static void check(
      String resource,
      String where,
      DecisionTable table,
      DecisionDeclaration contract,
      Set<String> supplied,
      List<FeelOnly.Failure> failures) {
    List<Input> inputs = List.copyOf(table.getInputs());
    for (Input input : inputs) {
      String column = where + ", input " + input.getId() + RuleGate.label(input.getLabel());
      String text =
          input.getInputExpression() == null || input.getInputExpression().getText() == null
              ? ""
              : input.getInputExpression().getText().getTextContent().trim();
      for (String name : FeelNames.names(text)) {
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
        for (String name : FeelNames.names(text)) {
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

  private static boolean compatible(DecisionType type, String typeRef) {
    String ref = typeRef.trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case STRING -> ref.equals("string");
      case BOOLEAN -> ref.equals("boolean");
      case INTEGER -> Set.of("integer", "long", "double", "number").contains(ref);
      case DOUBLE -> Set.of("double", "number").contains(ref);
    };
  }

  private static String describe(DecisionDeclaration contract) {
    return String.join(
        ", ",
        contract.inputs().stream().map(i -> i.name() + " (" + i.type().typeRef() + ")").toList());
  }
}
