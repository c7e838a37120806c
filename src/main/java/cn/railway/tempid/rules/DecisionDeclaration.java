package cn.railway.tempid.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One decision key of the {@link DecisionContract}: its inputs (all supplied at every evaluation),
 * the outputs the service reads and the rules between them; judges a caller's inputs and a table's
 * answer against them.
 */
public record DecisionDeclaration(
    String decisionKey,
    List<DecisionInput> inputs,
    List<DecisionOutput> outputs,
    List<DecisionRowRule> rowRules) {

  public Optional<DecisionInput> input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public Optional<DecisionOutput> output(String name) {
    return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public Set<String> inputNames() {
    return inputs.stream().map(DecisionInput::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The caller's inputs, built name by name: an input outside the contract is refused. */
  public DecisionInputs supply() {
    return new DecisionInputs(this);
  }

  /**
   * What is wrong with a map of inputs handed to the port (a variable the contract does not list,
   * one it lists but the map lacks, or a value of another type); empty when it is the contract.
   */
  public List<String> inputProblems(Map<String, ?> supplied) {
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(supplied.keySet())) {
      Optional<DecisionInput> input = input(name);
      if (input.isEmpty()) {
        problems.add("supplies '" + name + "', which the contract does not list");
      } else if (!input.get().type().accepts(supplied.get(name))) {
        problems.add(
            "supplies '"
                + name
                + "' as "
                + supplied.get(name).getClass().getSimpleName()
                + ", the contract says "
                + input.get().type().typeRef());
      }
    }
    for (DecisionInput input : inputs) {
      if (!supplied.containsKey(input.name())) {
        problems.add("does not supply '" + input.name() + "', which the contract lists");
      }
    }
    return problems;
  }

  /** What the service cannot understand in a row's outputs, in words; empty when all is well. */
  public List<String> outputProblems(Map<String, ?> answer) {
    List<String> problems = new ArrayList<>();
    for (DecisionOutput output : outputs) {
      output.problem(answer.get(output.name())).ifPresent(problems::add);
    }
    problems.addAll(rowRuleProblems(answer));
    return problems;
  }

  /**
   * What breaks a {@link DecisionRowRule} in one row's outputs (only outputs present are judged).
   */
  public List<String> rowRuleProblems(Map<String, ?> answer) {
    List<String> problems = new ArrayList<>();
    for (DecisionRowRule rule : rowRules) {
      rule.problem(answer).ifPresent(problems::add);
    }
    return problems;
  }
}
