package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionDeclaration;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InformationRequirement;
import org.camunda.bpm.model.dmn.instance.Variable;

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
 * <p>This class reads the file and finds each table's contract; the checks are {@link
 * TableInputsCheck}, {@link TableOutputsCheck} and {@link TableCasesCheck}, reading FEEL with
 * {@link FeelNames} (a conservative tokenizer: a construct that introduces names of its own is
 * refused rather than guessed at).
 */
final class RuleGate {
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
          TableOutputsCheck.checkLiteral(resource, decision, required.get(key), failures);
        }
        continue;
      }
      Optional<DecisionDeclaration> declared = DecisionContract.of(key);
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
      DecisionDeclaration contract = declared.get();
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
      TableInputsCheck.check(resource, where, table, contract, supplied, failures);
      TableOutputsCheck.check(resource, where, table, contract, supplied, failures);
      if (runCases) {
        TableCasesCheck.check(resource, key, xml, others, failures);
      }
    }
    return failures;
  }

  /** A column's label as shown after its id, or nothing. */
  static String label(String label) {
    return label == null || label.isBlank() ? "" : " \"" + label + "\"";
  }
}
