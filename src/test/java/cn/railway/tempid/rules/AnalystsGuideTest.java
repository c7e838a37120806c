package cn.railway.tempid.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The analysts' guide (docs/analysts.md) lists every input of every decision table with its type,
 * exactly as the code's decision contract ({@link DecisionContract}) declares them: an analyst who
 * edits a table from the guide supplies what the service sends. Plain JUnit: the contract is code
 * and the guide a file (moved out of {@code DecisionContractTest}, whose other tests need the
 * engine).
 */
class AnalystsGuideTest {

  /** docs/analysts.md lists every input of every table with its type, as the contract says. */
  @Test
  void theAnalystsGuide_listsTheInputsOfEveryTable_fromTheContract() throws Exception {
    String guide = Files.readString(Path.of("docs/analysts.md"), StandardCharsets.UTF_8);
    for (DecisionDeclaration decision : DecisionContract.all()) {
      String row =
          guide
              .lines()
              .filter(line -> line.startsWith("| `" + decision.decisionKey() + "` |"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "docs/analysts.md has no row for " + decision.decisionKey()));
      for (DecisionInput input : decision.inputs()) {
        assertThat(row)
            .as("docs/analysts.md row of %s", decision.decisionKey())
            .containsPattern("`" + input.name() + "` \\(" + input.type().typeRef() + "[),:]");
      }
      assertThat(row.split("`\\w+` \\((string|boolean|integer|double)[),:]", -1).length - 1)
          .as("no input listed for %s that the contract does not have", decision.decisionKey())
          .isEqualTo(decision.inputs().size());
    }
  }
}
