package cn.railway.tempid.rules;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the service supplies to each decision table and what it understands of the answer (operators
 * and analysts, HTTP Basic): the {@link DecisionContract} an analyst's table must keep to, and the
 * rule gate checks, before it is deployed.
 */
@RestController
@Tag(name = "Operators")
class DecisionContractController {

  /** One decision key's contract. */
  record DecisionContractEntry(
      String decisionKey,
      List<DecisionContractInput> inputs,
      List<DecisionContractOutput> outputs) {}

  /**
   * An input: its name and type ({@code string}, {@code boolean}, {@code integer}, {@code double}).
   */
  record DecisionContractInput(String name, String type) {}

  /**
   * An output the service reads and the values it understands, as written in a cell: texts in
   * double quotes, {@code true}/{@code false}, a number range {@code [min..max]}, {@code null} when
   * an empty cell is understood.
   */
  record DecisionContractOutput(String name, List<String> allowedValues) {}

  @Route(
      id = "getDecisionContract",
      callers = {CallerKind.REVIEWER, CallerKind.ANALYST, CallerKind.ADMINISTRATOR},
      problems = {ProblemCode.FORBIDDEN})
  @GetMapping("/api/v1/decisions/contract")
  @Operation(summary = "The inputs the service supplies to each decision and the outputs it reads")
  List<DecisionContractEntry> contract() {
    return DecisionContract.all().stream()
        .map(
            d ->
                new DecisionContractEntry(
                    d.decisionKey(),
                    d.inputs().stream()
                        .map(i -> new DecisionContractInput(i.name(), i.type().typeRef()))
                        .toList(),
                    d.outputs().stream()
                        .map(o -> new DecisionContractOutput(o.name(), o.allowedValues()))
                        .toList()))
        .toList();
  }
}
