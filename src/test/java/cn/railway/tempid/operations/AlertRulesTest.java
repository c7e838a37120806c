package cn.railway.tempid.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules in {@code ops/} each name their runbook, a heading of
 * docs/operations.md, and the metric names of panels and rules are read from PromQL conservatively
 * (functions, keywords, labels and ranges are no metric). Plain JUnit: files and parsing only; that
 * the service exports every metric named is {@link DashboardAndAlertsTest}, with the whole service.
 */
class AlertRulesTest {
  @Test
  void everyAlert_saysWhatToDoInTheOperationsGuide() throws Exception {
    String doc = Files.readString(DashboardAndAlertsTest.OPERATIONS_DOC);
    for (Map<String, Object> rule : DashboardAndAlertsTest.alertRules()) {
      String name = (String) rule.get("alert");
      @SuppressWarnings("unchecked")
      Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
      assertThat(annotations.get("runbook"))
          .as(name)
          .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(doc).as(name).containsPattern("(?m)^#+ " + name + "$");
    }
  }

  @Test
  void metricNames_areReadFromPromQlConservatively() {
    assertThat(
            DashboardAndAlertsTest.metricNames(
                "sum by (status, reason) (rate(tempid_a_total{status=\"ISSUED\",x=~\"a|b\"}"
                    + "[$__rate_interval])) * 60 / on(instance) group_left(job) up"))
        .containsExactlyInAnyOrder("tempid_a_total", "up");
    assertThat(
            DashboardAndAlertsTest.metricNames(
                "max(x_y) > 1e3 and max(deriv(z_total[10m])) > 0 unless count(w) without (le)"))
        .containsExactlyInAnyOrder("x_y", "z_total", "w");
    assertThat(
            DashboardAndAlertsTest.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m:1m])))"))
        .containsExactly("h_bucket");
  }
}
