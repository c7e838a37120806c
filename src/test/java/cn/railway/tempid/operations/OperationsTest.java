package cn.railway.tempid.operations;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Operations (docs/operations.md): health for load balancers and admins, Prometheus metrics of
 * outcomes, decisions, job backlog and verifications with nothing personal in them, trace ids.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Operators operators;
  @Autowired IdentityService identity;
  @Autowired MeterRegistry meters;

  @Test
  void health_isPublicAsStatusOnly_andShowsComponentsToAdmins() throws Exception {
    Http.Response anonymous = http.get("/actuator/health");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.body().path("status").asText()).isEqualTo("UP");
    assertThat(anonymous.body().has("components")).as("%s", anonymous).isFalse();

    Http.Response nonAdmin =
        http.get(
            "/actuator/health",
            "Authorization",
            Http.basic(operators.newUser(), Operators.PASSWORD));
    assertThat(nonAdmin.body().has("components")).as("%s", nonAdmin).isFalse();

    Http.Response admin = http.get("/actuator/health", "Authorization", Http.DEMO_OPERATOR);
    assertThat(admin.status()).isEqualTo(200);
    JsonNode components = admin.body().path("components");
    assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("processEngine").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("processEngine").path("details").path("name").asText()).isNotBlank();
    // the test profile switches the job executor off on purpose: that is not a failure
    JsonNode jobExecutor = components.path("jobExecutor");
    assertThat(jobExecutor.path("status").asText()).isEqualTo("UP");
    assertThat(jobExecutor.path("details").path("enabled").asBoolean()).isFalse();
    assertThat(jobExecutor.path("details").has("executableJobs")).isTrue();
    assertThat(jobExecutor.path("details").has("failedJobs")).isTrue();

    assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void prometheus_needsAMonitoringOrAdminLogin() throws Exception {
    assertThat(http.get("/actuator/prometheus").status()).isEqualTo(401);
    assertThat(
            http.get(
                    "/actuator/prometheus",
                    "Authorization",
                    Http.basic(operators.newUser(), Operators.PASSWORD))
                .status())
        .isEqualTo(403);
    assertThat(http.get("/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR).status())
        .isEqualTo(200);
    assertThat(http.get("/actuator/prometheus", "Authorization", monitoringUser()).status())
        .isEqualTo(200);
    // monitoring may scrape, nothing else
    assertThat(http.get("/actuator/env", "Authorization", monitoringUser()).status())
        .isIn(403, 404);
  }

  @Test
  void afterJourneys_outcomeDecisionVerificationAndJobMetricsAppear_withoutPersonalData()
      throws Exception {
    double issued = count("tempid.applications.outcomes", "status", "ISSUED", "reason", "NONE");
    double refused =
        count(
            "tempid.applications.outcomes",
            "status",
            "REJECTED",
            "reason",
            "ID_TYPE_NOT_SUPPORTED");
    double approved = count("tempid.decisions", "decision", "approval", "outcome", "APPROVE");
    double allowed = count("tempid.decisions", "decision", "quota", "outcome", "ALLOW");
    double served = count("tempid.decisions", "decision", "serviceArea", "outcome", "served");
    double notEligible =
        count("tempid.decisions", "decision", "eligibility", "outcome", "not_eligible");

    // an issued certificate
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("王五", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("王五", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");

    // a refusal by a pre-check
    Passengers.Answer passport =
        passengers.postJson(
            "/api/v1/applications",
            Map.of(
                "name",
                "王五",
                "idType",
                "PASSPORT",
                "idNumber",
                "E12345678",
                "location",
                Passengers.BEIJING,
                "consents",
                Passengers.ALL_CONSENTS));
    assertThat(passport.status()).isEqualTo(422);

    // a checkpoint verifying something that is not a frame
    Passengers.Answer verified =
        passengers.postJson(
            "/api/v1/verifications",
            Map.of(
                "token",
                "not-a-frame",
                "checkpoint",
                Map.of("id", "ops-gate", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            "demo-checkpoint-key");
    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.text("result")).isEqualTo("REJECTED");
    String reason = verified.text("reason");

    String scrape = http.get("/actuator/prometheus", "Authorization", Http.DEMO_OPERATOR).raw();
    assertThat(count("tempid.applications.outcomes", "status", "ISSUED", "reason", "NONE"))
        .isEqualTo(issued + 1);
    assertThat(
            count(
                "tempid.applications.outcomes",
                "status",
                "REJECTED",
                "reason",
                "ID_TYPE_NOT_SUPPORTED"))
        .isEqualTo(refused + 1);
    assertThat(count("tempid.decisions", "decision", "approval", "outcome", "APPROVE"))
        .isEqualTo(approved + 1);
    // decisions made for the two applications, exactly: the quota shown while polling is not one
    assertThat(count("tempid.decisions", "decision", "quota", "outcome", "ALLOW"))
        .isEqualTo(allowed + 1);
    assertThat(count("tempid.decisions", "decision", "serviceArea", "outcome", "served"))
        .isEqualTo(served + 2);
    assertThat(count("tempid.decisions", "decision", "eligibility", "outcome", "not_eligible"))
        .isEqualTo(notEligible + 1);
    assertThat(count("tempid.verifications", "result", "REJECTED", "reason", reason))
        .isGreaterThanOrEqualTo(1);

    assertThat(scrape)
        .containsPattern(
            series("tempid_applications_outcomes_total", "reason=\"NONE\"", "status=\"ISSUED\""));
    assertThat(scrape)
        .containsPattern(
            series(
                "tempid_applications_outcomes_total",
                "reason=\"ID_TYPE_NOT_SUPPORTED\"",
                "status=\"REJECTED\""));
    assertThat(scrape)
        .containsPattern(
            series("tempid_decisions_total", "decision=\"approval\"", "outcome=\"APPROVE\""));
    assertThat(scrape)
        .containsPattern(
            series("tempid_decisions_total", "decision=\"eligibility\"", "outcome=\"eligible\""));
    assertThat(scrape)
        .containsPattern(
            series(
                "tempid_verifications_total", "reason=\"" + reason + "\"", "result=\"REJECTED\""));
    assertThat(scrape).containsPattern("(?m)^tempid_jobs_executable\\{[^}]*\\} \\d");
    assertThat(scrape).containsPattern("(?m)^tempid_jobs_failed\\{[^}]*\\} \\d");
    // nothing personal in any series
    assertThat(scrape).doesNotContain(idNumber, "王五", "E12345678", id, "ops-gate");
  }

  @Test
  void traceId_isTakenFromTraceparent_orCreated_andAnswered() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Http.Response traced =
        http.get("/actuator/health", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    assertThat(traced.servletResponse().getHeader("X-Trace-Id")).isEqualTo(traceId);

    Http.Response fresh = http.get("/api/v1/me");
    assertThat(fresh.status()).isEqualTo(401);
    assertThat(fresh.servletResponse().getHeader("X-Trace-Id"))
        .matches("[0-9a-f]{32}")
        .isNotEqualTo(traceId);
  }

  @Test
  void plainLogLinesShowTheTraceId_onlyWhenThereIsOne(CapturedOutput output) {
    var log = LoggerFactory.getLogger(OperationsTest.class);
    MDC.put("traceId", "0af7651916cd43dd8448eb211c80319c");
    try {
      log.info("ops check with trace");
    } finally {
      MDC.remove("traceId");
    }
    log.info("ops check without trace");
    assertThat(output.getOut())
        .containsPattern("\\[0af7651916cd43dd8448eb211c80319c\\] [^\\n]*ops check with trace");
    assertThat(output.getOut()).doesNotContainPattern("\\[\\] [^\\n]*ops check without trace");
  }

  private String monitoringUser() {
    if (identity.createGroupQuery().groupId("monitoring").count() == 0) {
      Group group = identity.newGroup("monitoring");
      group.setName("Monitoring");
      group.setType("SYSTEM");
      identity.saveGroup(group);
    }
    String user = operators.newUser();
    identity.createMembership(user, "monitoring");
    return Http.basic(user, Operators.PASSWORD);
  }

  /** The sum of every counter of this name with these tags (whatever their other tags). */
  private double count(String name, String... tags) {
    return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** A Prometheus sample line of this metric with these labels (sorted by name, as exported). */
  private static Pattern series(String metric, String... labels) {
    StringBuilder regex = new StringBuilder("(?m)^").append(Pattern.quote(metric)).append("\\{");
    for (String label : labels) {
      regex.append("(?:[^}]*,)?").append(Pattern.quote(label));
    }
    return Pattern.compile(regex.append("[^}]*\\} [0-9.E+-]+$").toString());
  }
}
