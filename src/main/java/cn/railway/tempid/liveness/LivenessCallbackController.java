package cn.railway.tempid.liveness;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's callback. It only tells us that a capture finished: the verdict is then fetched
 * from the provider by session id. The body is signed with a shared secret: {@code
 * X-Liveness-Signature: hex(HMAC-SHA256(secret, body))}.
 */
@RestController
@EnableConfigurationProperties(LivenessProperties.class)
@RequestMapping("/api/v1/liveness")
@Tag(name = "Liveness")
class LivenessCallbackController {
  private final LivenessService liveness;
  private final ObjectMapper json;
  private final byte[] secret;

  LivenessCallbackController(
      LivenessService liveness, ObjectMapper json, LivenessProperties settings) {
    this.liveness = liveness;
    this.json = json;
    this.secret = settings.callbackSecret().getBytes(StandardCharsets.UTF_8);
  }

  @Route(
      id = "livenessCallback",
      callers = {CallerKind.LIVENESS_PROVIDER},
      problems = {ProblemCode.NOT_FOUND})
  @PostMapping("/callback")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Provider callback: a capture finished (signed); the verdict is fetched")
  void callback(
      @RequestHeader(name = "X-Liveness-Signature", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    if (body == null || signature == null || !validSignature(body, signature)) {
      throw new ApiException(ProblemCode.UNAUTHENTICATED, "The callback signature is not valid.");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      throw ApiException.invalidField("$", "MALFORMED_JSON", "The body is not well-formed JSON.");
    }
    JsonNode sessionId = node == null ? null : node.get("sessionId");
    if (sessionId == null || !sessionId.isTextual() || sessionId.asText().length() > 64) {
      throw ApiException.invalidField("sessionId", "REQUIRED", "Field 'sessionId' is required.");
    }
    liveness.captureCompleted(sessionId.asText());
  }

  private boolean validSignature(byte[] body, String signature) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] expected = mac.doFinal(body);
      byte[] given = HexFormat.of().parseHex(signature.trim().toLowerCase());
      return MessageDigest.isEqual(expected, given);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
