package cn.railway.tempid.certificate.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One test per path of {@code temporary-id-certificate}: the renewal-window and expiry timers,
 * withdrawal by a newer certificate, and the 30-minute view-session timer.
 */
@ApplicationTest
class CertificateProcessTest {
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;

  record Issued(String idNumber, String certificateId, String token, String livenessSessionId) {}

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  Issued issue(String idNumber) throws Exception {
    Answer submitted = passengers.submitAsGuest("周九", idNumber);
    String applicationId = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(applicationId, session, "PASS", null, null);
    String token = submitted.text("applicantToken");
    return new Issued(
        idNumber,
        passengers.application(applicationId, token).text("certificateId"),
        token,
        session);
  }

  ProcessInstance lifecycle(String certificateId) {
    return runtime
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(certificateId)
        .processDefinitionKey(CertificateLifecycle.PROCESS_KEY)
        .singleResult();
  }

  String endEvent(String certificateId) {
    String instanceId =
        history
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(certificateId)
            .singleResult()
            .getId();
    return history
        .createHistoricProcessInstanceQuery()
        .processInstanceId(instanceId)
        .singleResult()
        .getEndActivityId();
  }

  @Test
  void shouldOpenTheRenewalWindowAndExpire_whenTheirTimersAreDue() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("周九", idNumber);
    Issued issued = issue(idNumber);
    ProcessInstance instance = lifecycle(issued.certificateId());
    assertThat(instance).isWaitingAt("Event_RenewalWindowOpens");

    clock.advance(Duration.ofHours(20));
    jobs.runDue(issued.certificateId());
    assertThat(instance).isWaitingAt("Event_RenewalWindowOpens");

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    jobs.runDue(issued.certificateId());
    assertThat(instance)
        .hasPassed("Task_OpenRenewalWindow")
        .isWaitingAt("Event_CertificateExpires");

    clock.advance(Duration.ofHours(3));
    jobs.runDue(issued.certificateId());
    assertThat(instance).hasPassed("Task_ExpireCertificate").isEnded();
    assertThat(endEvent(issued.certificateId())).isEqualTo("EndEvent_CertificateExpired");
    assertThat(
            passengers
                .get(
                    "/api/v1/certificates/" + issued.certificateId(),
                    "X-Applicant-Token",
                    issued.token())
                .text("status"))
        .isEqualTo("EXPIRED");
  }

  @Test
  void shouldEndEarly_whenANewerCertificateSupersedesIt() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("周九", idNumber);
    Issued first = issue(idNumber);
    ProcessInstance firstLifecycle = lifecycle(first.certificateId());
    clock.advance(Duration.ofHours(21).plusMinutes(5));
    jobs.runDue(first.certificateId());
    Issued second = issue(idNumber);

    assertThat(firstLifecycle)
        .hasPassed("Task_EndViewSessions", "EndEvent_CertificateWithdrawn")
        .hasNotPassed("Task_ExpireCertificate")
        .isEnded();
    assertThat(lifecycle(second.certificateId())).isWaitingAt("Event_RenewalWindowOpens");
  }

  @Test
  void shouldLockAViewSessionAfter30Minutes_whileTheCertificateGoesOn() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("周九", idNumber);
    Issued issued = issue(idNumber);
    Answer opened =
        passengers.postJson(
            "/api/v1/certificates/" + issued.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", issued.livenessSessionId()),
            "X-Applicant-Token",
            issued.token());
    ProcessInstance instance = lifecycle(issued.certificateId());
    assertThat(instance).isWaitingAt("Event_ViewSessionTimeUp", "Event_RenewalWindowOpens");
    Instant opensAt = clock.instant();

    clock.advance(Duration.ofMinutes(30));
    jobs.runDue(issued.certificateId());
    assertThat(instance)
        .hasPassed("Task_LockViewSession", "EndEvent_ViewSessionLocked")
        .isWaitingAt("Event_RenewalWindowOpens");
    assertThat(
            passengers
                .get(
                    "/api/v1/certificates/" + issued.certificateId() + "/qr",
                    "X-View-Session",
                    opened.text("viewSessionToken"))
                .text("code"))
        .isEqualTo("REVERIFICATION_REQUIRED");
    assertThat(clock.instant()).isAfter(opensAt);
  }
}
