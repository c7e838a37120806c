package cn.railway.tempid.rules.camunda;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The rule gate's run of a table's case rows ({@link DecisionCases}): the deployment's {@code
 * <table>.cases.csv}, else the release's ({@code dmn/<file>.cases.csv}, else those of the same
 * decision key); a table without case rows is refused.
 */
final class TableCasesCheck {
  private TableCasesCheck() {}

  static void check(
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
    try (InputStream in = TableCasesCheck.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }
}
