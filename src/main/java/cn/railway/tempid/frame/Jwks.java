package cn.railway.tempid.frame;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JWK set of frame verification keys (RFC 7517, RFC 8037): {@code
 * {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"7","x":"…","use":"sig","alg":"EdDSA",
 * "nbf":1768435200,"exp":1769040000}]}}. {@code kid} is the decimal key id carried in the frame;
 * {@code nbf}/{@code exp} (epoch seconds) bound the key's signing period.
 *
 * <p>Parsing ignores keys of other types or curves, or marked for another use or algorithm (RFC
 * 7517 §5: ignore what is not understood), and rejects a malformed Ed25519 key, a missing {@code
 * nbf}/{@code exp}, or a duplicate {@code kid} with {@link IllegalArgumentException}.
 */
public final class Jwks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwks() {}

  public static String render(Collection<VerificationKey> keys) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("keys");
    keys.stream()
        .sorted(Comparator.comparingInt(VerificationKey::keyId))
        .forEach(
            key -> {
              ObjectNode jwk = array.addObject();
              jwk.put("kty", "OKP");
              jwk.put("crv", "Ed25519");
              jwk.put("kid", key.kid());
              jwk.put("x", B64URL.encodeToString(key.publicKey().encoded()));
              jwk.put("use", "sig");
              jwk.put("alg", "EdDSA");
              jwk.put("nbf", key.notBefore().getEpochSecond());
              jwk.put("exp", key.expiresAt().getEpochSecond());
            });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<VerificationKey> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("JWK set is not JSON");
    }
    if (root == null || !root.path("keys").isArray()) {
      throw new IllegalArgumentException("JWK set has no \"keys\" array");
    }
    List<VerificationKey> keys = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (JsonNode jwk : root.get("keys")) {
      if (!"OKP".equals(jwk.path("kty").asText())
          || !"Ed25519".equals(jwk.path("crv").asText())
          || !optional(jwk, "use", "sig")
          || !optional(jwk, "alg", "EdDSA")) {
        continue;
      }
      VerificationKey key = parseKey(jwk);
      if (!seen.add(key.keyId())) {
        throw new IllegalArgumentException("duplicate kid " + key.kid());
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  private static boolean optional(JsonNode jwk, String field, String expected) {
    return !jwk.has(field) || expected.equals(jwk.get(field).asText());
  }

  private static VerificationKey parseKey(JsonNode jwk) {
    String kid = jwk.path("kid").asText("");
    if (!kid.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(kid) > 0xffff) {
      throw new IllegalArgumentException("kid must be a decimal key id 0..65535");
    }
    byte[] x;
    try {
      x = Base64.getUrlDecoder().decode(jwk.path("x").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kid " + kid + ": x is not base64url");
    }
    Ed25519Keys.PublicKey publicKey = Ed25519Keys.publicKey(x);
    if (!jwk.path("nbf").canConvertToLong() || !jwk.path("exp").canConvertToLong()) {
      throw new IllegalArgumentException(
          "kid " + kid + ": nbf and exp (epoch seconds) are required");
    }
    return new VerificationKey(
        Integer.parseInt(kid),
        publicKey,
        Instant.ofEpochSecond(jwk.get("nbf").asLong()),
        Instant.ofEpochSecond(jwk.get("exp").asLong()));
  }
}
