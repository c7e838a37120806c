package cn.railway.tempid.support;

import cn.railway.tempid.support.Passengers.Answer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A guest with a freshly issued certificate whose QR page is open, and the checkpoint side of it:
 * what most checkpoint tests start from. Every call goes through the REST API.
 */
@Component
public class ShownCertificates {
  public static final String DEMO_CHECKPOINT_KEY = "demo-checkpoint-key";

  private final Passengers passengers;

  public ShownCertificates(Passengers passengers) {
    this.passengers = passengers;
  }

  /** An issued certificate with an open view session. */
  public record Shown(
      String name,
      String idNumber,
      String applicationId,
      String applicantToken,
      String certificateId,
      String viewSession) {}

  /** A fresh person in the registry applies as a guest, passes liveness and opens the QR page. */
  public Shown issueAndShow(String name) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry(name, idNumber);
    Answer submitted = passengers.submitAsGuest(name, idNumber);
    if (submitted.status() != 201) {
      throw new IllegalStateException("not submitted: " + submitted);
    }
    String applicationId = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(applicationId, session, "PASS", null, null);
    String token = submitted.text("applicantToken");
    String certificateId = passengers.application(applicationId, token).text("certificateId");
    if (certificateId == null) {
      throw new IllegalStateException("no certificate issued");
    }
    Answer view =
        passengers.postJson(
            "/api/v1/certificates/" + certificateId + "/view-sessions",
            Map.of("livenessSessionId", session),
            "X-Applicant-Token",
            token);
    if (view.status() != 201) {
      throw new IllegalStateException("no view session: " + view);
    }
    return new Shown(
        name, idNumber, applicationId, token, certificateId, view.text("viewSessionToken"));
  }

  /** The current frame token of the QR page. */
  public String frame(Shown shown) throws Exception {
    Answer qr =
        passengers.get(
            "/api/v1/certificates/" + shown.certificateId() + "/qr",
            "X-View-Session",
            shown.viewSession());
    if (qr.status() != 200) {
      throw new IllegalStateException("no frame: " + qr);
    }
    return qr.text("token");
  }

  /** {@code GET /certificates/{id}} as the holder. */
  public Answer certificate(Shown shown) throws Exception {
    return passengers.get(
        "/api/v1/certificates/" + shown.certificateId(),
        "X-Applicant-Token",
        shown.applicantToken());
  }

  /**
   * {@code POST /verifications} with a checkpoint key, device id and type; {@code ticketIdNumber}
   * is sent only when not null.
   */
  public Answer verify(
      String checkpointKey, String token, String deviceId, String type, String ticketIdNumber)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("checkpoint", Map.of("id", deviceId, "type", type));
    if (ticketIdNumber != null) {
      body.put("ticketIdNumber", ticketIdNumber);
    }
    return passengers.postJson("/api/v1/verifications", body, "X-Checkpoint-Key", checkpointKey);
  }
}
