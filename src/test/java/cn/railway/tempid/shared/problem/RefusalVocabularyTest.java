package cn.railway.tempid.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The refusal vocabulary and the models agree: every {@code errorCode} of the BPMN files, every
 * reason an end event passes to {@code applicationOutcomes.failed} or {@code .rejected}, and every
 * refusal a DMN table can return is a {@link Refusal}; every refusal is returned somewhere; and
 * each maps to a problem code with both messages, also when read back from the {@code reason_code}
 * column.
 */
class RefusalVocabularyTest {

  /**
   * How each DMN table refuses: the rows whose first output is not a pass, and which output names
   * the refusal. A new table must be classified here (the test below fails until it is).
   */
  private record Refusing(Predicate<String> refusingRow, String refusalOutput) {}

  private static final Map<String, Refusing> TABLES =
      Map.of(
          "eligibility", new Refusing("false"::equals, "reasonCode"),
          "quota", new Refusing(main -> !"\"ALLOW\"".equals(main), "outcome"),
          "approval", new Refusing("\"REJECT\""::equals, "reasonCode"),
          // a boolean: not served is OUTSIDE_SERVICE_AREA in ServiceArea (typed as a Refusal)
          "serviceArea", new Refusing(main -> false, null),
          // decides one face check (shown to operators, never a refusal code): a failed check
          // ends the journey as LIVENESS_FAILED / GUARDIAN_LIVENESS_FAILED, named in the BPMN
          "identityAssurance", new Refusing(main -> false, null));

  private static final Pattern FAILED_REASON =
      Pattern.compile("applicationOutcomes\\.(?:failed|rejected)\\(execution, '([A-Z_]+)'\\)");

  @Test
  void everyBpmnErrorCode_isAPreCheckRefusal_andEveryPreCheckRefusalHasItsError() {
    Set<String> errorCodes = new HashSet<>();
    for (Resource file : resources("classpath*:processes/*.bpmn")) {
      BpmnModelInstance model = bpmn(file);
      model.getModelElementsByType(Error.class).forEach(e -> errorCodes.add(e.getErrorCode()));
    }
    assertThat(errorCodes).isNotEmpty();
    assertThat(errorCodes).allSatisfy(code -> assertThat(Refusal.of(code)).isNotNull());
    assertThat(errorCodes)
        .containsExactlyInAnyOrderElementsOf(names(stage(Refusal.Stage.PRE_CHECK)));
  }

  @Test
  void everyReasonAnEndEventNames_isARefusal() {
    Set<String> reasons = new HashSet<>();
    for (Resource file : resources("classpath*:processes/*.bpmn")) {
      Matcher m = FAILED_REASON.matcher(text(file));
      while (m.find()) {
        reasons.add(m.group(1));
      }
    }
    assertThat(reasons).contains("LIVENESS_FAILED", "REVIEW_REJECTED", "GUARDIAN_NOT_VERIFIED");
    assertThat(reasons).allSatisfy(code -> assertThat(Refusal.of(code)).isNotNull());
  }

  @Test
  void everyRefusalADecisionTableCanReturn_isARefusal_andEveryApprovalRefusalIsReturned() {
    Set<String> tables = new HashSet<>();
    Set<Refusal> returned = EnumSet.noneOf(Refusal.class);
    for (Resource file : resources("classpath*:dmn/*.dmn")) {
      DmnModelInstance model = dmn(file);
      for (DecisionTable table : model.getModelElementsByType(DecisionTable.class)) {
        String key =
            ((org.camunda.bpm.model.dmn.instance.Decision) table.getParentElement()).getId();
        tables.add(key);
        Refusing refusing = TABLES.get(key);
        assertThat(refusing).as("table %s is classified in TABLES", key).isNotNull();
        List<Output> outputs = List.copyOf(table.getOutputs());
        int refusalColumn =
            refusing.refusalOutput() == null
                ? -1
                : outputs.stream().map(Output::getName).toList().indexOf(refusing.refusalOutput());
        for (Rule rule : table.getRules()) {
          List<String> cells =
              rule.getOutputEntries().stream().map(e -> e.getTextContent().trim()).toList();
          if (!refusing.refusingRow().test(cells.get(0))) {
            continue;
          }
          assertThat(refusalColumn).as("%s names its refusal in a column", key).isNotNegative();
          String code = cells.get(refusalColumn).replace("\"", "");
          assertThat(Arrays.stream(Refusal.values()).map(Enum::name))
              .as("refusal %s returned by table %s", code, key)
              .contains(code);
          returned.add(Refusal.of(code));
        }
      }
    }
    assertThat(tables).containsExactlyInAnyOrderElementsOf(TABLES.keySet());
    assertThat(returned)
        .contains(Refusal.ID_TYPE_NOT_SUPPORTED, Refusal.GUARDIAN_REQUIRED, Refusal.QUOTA_EXCEEDED)
        .containsAll(stage(Refusal.Stage.APPROVAL));
  }

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void everyRefusal_mapsToAProblemCodeWithBothMessages_alsoFromTheStoredReason(Refusal refusal) {
    ProblemCode problem = refusal.problem();
    assertThat(problem.messageZh()).isNotBlank();
    assertThat(problem.messageEn()).isNotBlank();
    assertThat(problem.name()).isEqualTo(refusal.name());
    assertThat(ProblemCode.fromReason(refusal.name())).isSameAs(problem);
  }

  private static Set<Refusal> stage(Refusal.Stage stage) {
    return Arrays.stream(Refusal.values())
        .filter(r -> r.stage() == stage)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Refusal.class)));
  }

  private static Set<String> names(Set<Refusal> refusals) {
    return refusals.stream().map(Enum::name).collect(Collectors.toSet());
  }

  private static Resource[] resources(String pattern) {
    try {
      Resource[] found = new PathMatchingResourcePatternResolver().getResources(pattern);
      assertThat(found).as(pattern).isNotEmpty();
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BpmnModelInstance bpmn(Resource file) {
    try (InputStream in = file.getInputStream()) {
      return Bpmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DmnModelInstance dmn(Resource file) {
    try (InputStream in = file.getInputStream()) {
      return Dmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Resource file) {
    try (InputStream in = file.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
