package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ApplicationTest
class GuestJourneyTest {
  @Autowired Passengers passengers;

  @Test
  void guestGetsAnIssuedCertificate_afterLivenessPasses() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);

    Passengers.Answer submitted = passengers.submitAsGuest("张三", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    assertThat(submitted.text("status")).isEqualTo("AWAITING_LIVENESS");
    String id = submitted.text("applicationId");
    String token = submitted.text("applicantToken");

    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);

    Passengers.Answer polled = passengers.application(id, token);
    assertThat(polled.status()).isEqualTo(200);
    assertThat(polled.text("status")).isEqualTo("ISSUED");
    assertThat(polled.text("certificateId")).isNotBlank();
    assertThat(polled.text("maskedName")).isEqualTo("张*");
  }
}
