package cn.railway.tempid.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.railway.tempid.client.ApiClient;
import cn.railway.tempid.client.ApiException;
import cn.railway.tempid.client.api.ApplicationsApi;
import cn.railway.tempid.client.api.CertificatesAndQrFramesApi;
import cn.railway.tempid.client.api.CheckpointsApi;
import cn.railway.tempid.client.api.DemoProfileOnlyApi;
import cn.railway.tempid.client.model.ApplicationView;
import cn.railway.tempid.client.model.CaptureRequest;
import cn.railway.tempid.client.model.CertificateView;
import cn.railway.tempid.client.model.CheckpointRef;
import cn.railway.tempid.client.model.Consents;
import cn.railway.tempid.client.model.Frame;
import cn.railway.tempid.client.model.JwkSet;
import cn.railway.tempid.client.model.LocationRequest;
import cn.railway.tempid.client.model.PersonRequest;
import cn.railway.tempid.client.model.SubmitRequest;
import cn.railway.tempid.client.model.VerificationRequest;
import cn.railway.tempid.client.model.VerificationResponse;
import cn.railway.tempid.client.model.ViewSessionCreated;
import cn.railway.tempid.client.model.ViewSessionRequest;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.JobPump;
import cn.railway.tempid.support.TestIdentities;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A Java client generated from the committed OpenAPI document (OpenAPI Generator, {@code java} /
 * {@code native}, see the pom) runs the guest journey of the README against the service over HTTP:
 * submit → simulated liveness → poll → ISSUED → view session → QR frame → verification at a gate,
 * and the same frame at a second gate (accepted, with {@code alreadySeenAt}). The job executor is
 * replaced by a pump, as in the browser tests; nothing else is stubbed.
 */
@ApplicationTest
class GeneratedClientJourneyTest {
  @LocalServerPort int port;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired Clock clock;

  @Test
  void theGeneratedClient_runsTheGuestJourney() throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + port);
    client.setReadTimeout(Duration.ofSeconds(30));
    ApplicationsApi applications = new ApplicationsApi(client);
    DemoProfileOnlyApi demo = new DemoProfileOnlyApi(client);
    CertificatesAndQrFramesApi certificates = new CertificatesAndQrFramesApi(client);
    CheckpointsApi checkpoints = new CheckpointsApi(client);

    String idNumber = TestIdentities.randomIdNumber();
    demo.createDemoRegistryPerson(new PersonRequest().name("周七").idNumber(idNumber));

    try (JobPump jobs =
        new JobPump(management, history, Date.from(clock.instant().minusSeconds(1)))) {
      ApplicationView submitted =
          applications.submitApplication(
              new SubmitRequest()
                  .name("周七")
                  .idType("RESIDENT_ID_CARD")
                  .idNumber(idNumber)
                  .location(
                      new LocationRequest()
                          .latitude(39.9042)
                          .longitude(116.4074)
                          .accuracyMeters(35.0))
                  .consents(new Consents().identity(true).biometric(true).location(true)),
              null);
      assertThat(submitted.getStatus()).isEqualTo("AWAITING_LIVENESS");
      assertThat(submitted.getApplicantToken()).isNotBlank();
      Map<String, String> guest = Map.of("X-Applicant-Token", submitted.getApplicantToken());

      demo.completeDemoLiveness(
          submitted.getLiveness().getSessionId(),
          new CaptureRequest().outcome(CaptureRequest.OutcomeEnum.PASS));

      ApplicationView issued = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        issued = applications.getApplication(submitted.getApplicationId(), null, guest);
        if ("ISSUED".equals(issued.getStatus())) {
          break;
        }
        Thread.sleep(200); // polling, as a client does; the pump runs the background steps
      }
      assertThat(issued.getStatus()).isEqualTo("ISSUED");
      assertThat(issued.getMaskedIdNumber()).doesNotContain(idNumber.substring(6, 14));

      CertificateView certificate = certificates.getCertificate(issued.getCertificateId(), guest);
      assertThat(certificate.getStatus()).isEqualTo("ACTIVE");

      ViewSessionCreated view =
          certificates.openViewSession(
              certificate.getCertificateId(),
              new ViewSessionRequest().livenessSessionId(submitted.getLiveness().getSessionId()),
              guest);
      Frame frame =
          certificates.getQrFrame(certificate.getCertificateId(), view.getViewSessionToken());
      assertThat(frame.getToken()).isNotBlank();

      JwkSet keys = checkpoints.getVerificationKeys();
      assertThat(keys.getKeys()).isNotEmpty();

      Map<String, String> gate = Map.of("X-Checkpoint-Key", "demo-checkpoint-key");
      VerificationResponse first =
          checkpoints.verifyFrame(
              new VerificationRequest()
                  .token(frame.getToken())
                  .checkpoint(new CheckpointRef().id("gate-1").type("ENTRY_GATE")),
              gate);
      assertThat(first.getResult()).isEqualTo("ACCEPTED");
      assertThat(first.getCertificateId()).isEqualTo(certificate.getCertificateId());
      assertThat(first.getAlreadySeenAt()).isNull();
      VerificationResponse second =
          checkpoints.verifyFrame(
              new VerificationRequest()
                  .token(frame.getToken())
                  .checkpoint(new CheckpointRef().id("gate-2").type("ENTRY_GATE")),
              gate);
      assertThat(second.getResult()).isEqualTo("ACCEPTED");
      assertThat(second.getAlreadySeenAt()).as("the same frame seen before").isNotNull();

      // a refusal reaches the client as the documented problem
      ApiException refused =
          catchThrowableOfType(
              ApiException.class,
              () -> certificates.getQrFrame(certificate.getCertificateId(), "not-a-view-session"));
      assertThat(refused.getCode()).isEqualTo(401);
      assertThat(refused.getResponseBody()).contains("REVERIFICATION_REQUIRED");
      assertThat(List.of(refused.getResponseHeaders().firstValue("Content-Type").orElse("")))
          .allSatisfy(type -> assertThat(type).startsWith("application/problem+json"));
    }
  }
}
