package cn.railway.tempid.registry.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature of the registry contract (docs/registry-http-contract.md): lowercase hex of
 * HMAC-SHA256(secret, METHOD "\n" PATH "\n" TIMESTAMP "\n" NONCE "\n" hex(SHA-256(body))).
 */
final class RequestSignature {
  private RequestSignature() {}

  static String sign(
      byte[] secret, String method, String path, String timestamp, String nonce, byte[] body) {
    try {
      String canonical =
          method
              + "\n"
              + path
              + "\n"
              + timestamp
              + "\n"
              + nonce
              + "\n"
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
