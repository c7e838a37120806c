package cn.railway.tempid.liveness;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * API.md "Liveness": the signed provider callback and the demo capture endpoint, with the whole
 * service. Callbacks refused at the web edge (no or a wrong signature, a malformed body) are in
 * {@code liveness.LivenessCallbackContractTest}, a web slice.
 */
@ApplicationTest
class LivenessCallbackApiTest {
  private static final String SECRET = "demo-liveness-callback-secret";
  private static final String CALLBACK = "/api/v1/liveness/callback";

  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;

  static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void signedUnknownSession_204Ignored() throws Exception {
    String body = "{\"sessionId\":\"no-such-session\"}";
    Http.Response r = http.post(CALLBACK, body, "X-Liveness-Signature", sign(body));
    assertThat(r.status()).as("%s", r).isEqualTo(204);
    assertThat(r.raw()).isEmpty();
  }

  @Test
  void signedCallbackForACompletedCapture_204_andTheApplicationProceeds() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Http.Response submitted =
        http.post("/api/v1/applications", Passengers.guestApplication("张三", idNumber));
    String id = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    // the simulated provider completes the capture (and calls back itself); the real provider's
    // duplicate callback must be harmless
    assertThat(http.post("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS")).status())
        .isEqualTo(204);
    String body = "{\"sessionId\":\"" + session + "\"}";
    Http.Response r = http.post(CALLBACK, body, "X-Liveness-Signature", sign(body).toUpperCase());
    assertThat(r.status()).as("%s", r).isEqualTo(204);

    jobs.runDue(id);
    assertThat(passengers.application(id, submitted.text("applicantToken")).text("status"))
        .isEqualTo("ISSUED");
  }

  @Test
  void demoCapture_unknownSession_404() throws Exception {
    assertProblem(
        http.post("/api/v1/demo/liveness/no-such-session", Map.of("outcome", "PASS")),
        404,
        "NOT_FOUND");
    // an over-long session id: DemoRequestContractTest, a web slice
  }

  /**
   * Bad captures (outcome, scores) are refused at the web edge: {@code DemoRequestContractTest}.
   */
  @Test
  void demoCapture_completesOnce() throws Exception {
    Http.Response submitted =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
    String path =
        "/api/v1/demo/liveness/" + submitted.body().path("liveness").path("sessionId").asText();

    assertThat(http.post(path, Map.of("outcome", "PASS")).status()).isEqualTo(204);
    assertProblem(http.post(path, Map.of("outcome", "PASS")), 404, "NOT_FOUND");
  }
}
