package cn.railway.tempid.operations;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import cn.railway.tempid.shared.resilience.ProviderGuard;
import cn.railway.tempid.shared.resilience.ResilienceSettings;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code ops/} (docs/operations.md,
 * "Dashboard and alerts") name only metrics the running service exports: a renamed meter fails
 * here, not silently on the operator's wall. Also the review backlog gauges and the decision tags
 * they show. The alerts' runbooks and the reading of PromQL are {@code AlertRulesTest}, a plain
 * unit test.
 */
@ApplicationTest
class DashboardAndAlertsTest {
  static final Path DASHBOARD = Path.of("ops/grafana/dashboards/tempid.json");
  static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
  static final Path OPERATIONS_DOC = Path.of("docs/operations.md");

  /** Series Prometheus makes itself for every target. */
  static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "inf", "nan", "offset");

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired MeterRegistry meters;
  @Autowired AdjustableClock clock;

  @Test
  void everyMetricOfTheDashboardAndTheAlertRules_isExportedByTheService() throws Exception {
    // counters with tags appear with their first event: one journey and one verification first
    issueOneCertificate();
    Passengers.Answer verified =
        passengers.postJson(
            "/api/v1/verifications",
            Map.of(
                "token",
                "not-a-frame",
                "checkpoint",
                Map.of("id", "ops-dashboard", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            "demo-checkpoint-key");
    assertThat(verified.status()).isEqualTo(200);

    Http.Response scrape = http.get("/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR);
    assertThat(scrape.status()).isEqualTo(200);
    Set<String> exported = new TreeSet<>(sampleNames(scrape.raw()));
    // provider circuit breakers are exported only where a real provider adapter runs (not in the
    // demo): the very binding ProviderGuard uses, on a registry of its own
    exported.addAll(sampleNames(providerGuardScrape()));
    exported.addAll(MADE_BY_PROMETHEUS);

    Map<String, String> expressions = new LinkedHashMap<>(dashboardExpressions());
    expressions.putAll(alertExpressions());
    assertThat(expressions).hasSizeGreaterThan(10);
    for (Map.Entry<String, String> e : expressions.entrySet()) {
      Set<String> named = metricNames(e.getValue());
      assertThat(named).as("metrics of %s: %s", e.getKey(), e.getValue()).isNotEmpty();
      assertThat(exported)
          .as("%s names a metric the service does not export: %s", e.getKey(), e.getValue())
          .containsAll(named);
    }
  }

  @Test
  void reviewGauges_countOpenAndOverdueReviews_andTheOldestOnesAge() throws Exception {
    double open = gauge("tempid.reviews.open");
    double overdue = gauge("tempid.reviews.overdue");

    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("郑一", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("郑一", idNumber);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", 0.95, 0.70);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("UNDER_REVIEW");

    clock.advance(Duration.ofMinutes(1));
    assertThat(gauge("tempid.reviews.open")).isEqualTo(open + 1);
    assertThat(gauge("tempid.reviews.overdue")).isEqualTo(overdue);
    assertThat(gauge("tempid.reviews.oldest.age")).isGreaterThanOrEqualTo(60);

    // past the review deadline (tempid.review.deadline, 4 h)
    clock.advance(Duration.ofHours(4));
    assertThat(gauge("tempid.reviews.overdue")).isGreaterThanOrEqualTo(overdue + 1);
    assertThat(gauge("tempid.reviews.oldest.age")).isGreaterThanOrEqualTo(4 * 3600 + 60);
    String scrape =
        http.get("/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR)
            .raw()
            .replace("\r", "");
    assertThat(scrape)
        .containsPattern("(?m)^tempid_reviews_open\\{[^}]*\\} [1-9]")
        .containsPattern("(?m)^tempid_reviews_overdue\\{[^}]*\\} [1-9]")
        .containsPattern("(?m)^tempid_reviews_oldest_age_seconds\\{[^}]*\\} [1-9]")
        .containsPattern("(?m)^tempid_incidents_open\\{[^}]*\\} \\d");
  }

  @Test
  void decisions_areCountedByOutcomeReasonAndTableVersion() throws Exception {
    issueOneCertificate();
    String scrape = http.get("/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR).raw();
    assertThat(scrape)
        .containsPattern(
            "tempid_decisions_total\\{[^}]*decision=\"approval\",[^}]*outcome=\"APPROVE\","
                + "reason=\"APPROVED\",version=\"\\d+\"\\} [1-9]");
    assertThat(scrape)
        .containsPattern(
            "tempid_decisions_total\\{[^}]*decision=\"serviceArea\",[^}]*outcome=\"served\","
                + "reason=\"none\",version=\"\\d+\"\\} [1-9]");
    assertThat(scrape).containsPattern("(?m)^tempid_applications_submitted_total\\{[^}]*\\} [1-9]");
  }

  private void issueOneCertificate() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("郑二", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("郑二", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private static String providerGuardScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProviderGuard(
        "dashboard-check",
        new ResilienceSettings(null, null, null, null, null, null, null, null, null),
        Clock.systemUTC(),
        registry,
        e -> true,
        (message, retryAfter) -> new DependencyUnavailableException(message, retryAfter));
    return registry.scrape();
  }

  /** The metric names of the samples of a Prometheus text exposition. */
  static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
        if (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /**
   * The metric names a PromQL expression selects: strings, label matchers, ranges, Grafana
   * variables and label lists ({@code by (...)}, {@code on (...)}, …) are taken out first; what is
   * left that is an identifier, not a function (followed by a parenthesis) and not a keyword, is a
   * metric name.
   */
  static Set<String> metricNames(String expression) {
    String s = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    s = s.replaceAll("\\{[^}]*\\}", " ");
    s = s.replaceAll("\\[[^\\]]*\\]", " ");
    s = s.replaceAll("\\$\\{?\\w+}?", " ");
    s = s.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    s = s.replaceAll("(?i)\\b(group_left|group_right)\\b", " ");
    s = s.replaceAll("(?i)\\boffset\\s+-?\\w+", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      String name = m.group(1);
      if (m.group(2) == null && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  private static Map<String, String> dashboardExpressions() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Map<String, String> expressions = new LinkedHashMap<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      panel.path("panels").forEach(panels::add); // panels of a collapsed row
      for (JsonNode target : panel.path("targets")) {
        expressions.put(
            "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    return expressions;
  }

  private static Map<String, String> alertExpressions() throws Exception {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (Map<String, Object> rule : alertRules()) {
      expressions.put("alert " + rule.get("alert"), String.valueOf(rule.get("expr")));
    }
    return expressions;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    assertThat(rules).isNotEmpty();
    return rules;
  }
}
