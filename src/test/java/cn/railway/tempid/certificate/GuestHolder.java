package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;

/** A guest holding a freshly issued certificate: applied, passed the face check, ISSUED. */
record GuestHolder(
    String applicationId,
    String token,
    String certificateId,
    String livenessSessionId,
    String idNumber) {

  String[] auth() {
    return new String[] {"X-Applicant-Token", token};
  }

  /** Applies as a guest for a person already in the registry and passes the face check. */
  static GuestHolder issue(Passengers passengers, String name, String idNumber) throws Exception {
    Answer submitted = passengers.submitAsGuest(name, idNumber);
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
    String id = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    passengers.completeLiveness(id, session, "PASS", null, null);
    Answer app = passengers.application(id, submitted.text("applicantToken"));
    assertThat(app.text("status")).isEqualTo("ISSUED");
    return new GuestHolder(
        id, submitted.text("applicantToken"), app.text("certificateId"), session, idNumber);
  }
}
