package cn.railway.tempid.liveness;

import static cn.railway.tempid.liveness.LivenessCallbackApiTest.sign;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.WebSliceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * API.md "Liveness" at the web edge: a provider callback without a valid signature is a 401, a
 * signed body that is not an object with a session id a 400; none of them reaches the liveness
 * sessions. Signed callbacks for real sessions and the demo capture are in {@code
 * liveness.LivenessCallbackApiTest}, with the whole service.
 */
@WebSliceTest(LivenessCallbackController.class)
class LivenessCallbackContractTest {
  private static final String CALLBACK = "/api/v1/liveness/callback";

  @Autowired Http http;
  @MockitoBean LivenessService liveness;

  @AfterEach
  void nothingReachedTheSessions() {
    verifyNoInteractions(liveness);
  }

  @Test
  void missingSignature_401() throws Exception {
    assertProblem(http.post(CALLBACK, "{\"sessionId\":\"abc\"}"), 401, "UNAUTHENTICATED");
  }

  @Test
  void wrongSignature_401() throws Exception {
    String body = "{\"sessionId\":\"abc\"}";
    assertProblem(
        http.post(CALLBACK, body, "X-Liveness-Signature", sign(body + " ")),
        401,
        "UNAUTHENTICATED");
    assertProblem(
        http.post(CALLBACK, body, "X-Liveness-Signature", "not-hex"), 401, "UNAUTHENTICATED");
    assertProblem(http.post(CALLBACK, body, "X-Liveness-Signature", ""), 401, "UNAUTHENTICATED");
  }

  @Test
  void signedButMalformedBody_400() throws Exception {
    for (String body : new String[] {"not json", "{}", "{\"sessionId\": 42}", "[]"}) {
      Http.Response r = http.post(CALLBACK, body, "X-Liveness-Signature", sign(body));
      assertValidation(r, "VALIDATION_FAILED");
    }
  }
}
