package cn.railway.tempid.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwksTest {

  private final VerificationKey current =
      new VerificationKey(
          2,
          Ed25519Keys.generate().publicKey(),
          Instant.parse("2026-01-08T00:00:00Z"),
          Instant.parse("2026-01-15T00:00:00Z"));
  private final VerificationKey next =
      new VerificationKey(
          3,
          Ed25519Keys.generate().publicKey(),
          Instant.parse("2026-01-15T00:00:00Z"),
          Instant.parse("2026-01-22T00:00:00Z"));

  @Test
  void roundTrip() {
    String json = Jwks.render(List.of(next, current));
    assertThat(Jwks.parse(json)).containsExactly(current, next);
    assertThat(json)
        .startsWith("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"2\",\"x\":\"")
        .contains("\"use\":\"sig\",\"alg\":\"EdDSA\",\"nbf\":1767830400,\"exp\":1768435200}");
  }

  @Test
  void testVectorKeyAsJwk() {
    VerificationKey key =
        new VerificationKey(
            1,
            Ed25519Keys.fromPrivateKey(FrameCodecTest.VECTOR_SEED).publicKey(),
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(Jwks.render(List.of(key)))
        .isEqualTo(
            "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                + "\"kid\":\"1\",\"x\":\""
                + FrameCodecTest.VECTOR_PUBLIC_X
                + "\",\"use\":\"sig\","
                + "\"alg\":\"EdDSA\",\"nbf\":1767225600,\"exp\":1769904000}]}");
  }

  @Test
  void ignoresKeysItDoesNotUnderstand() {
    String json =
        """
        {"keys":[
          {"kty":"RSA","kid":"9","n":"AQAB","e":"AQAB"},
          {"kty":"OKP","crv":"X25519","kid":"8","x":"AAAA"},
          {"kty":"OKP","crv":"Ed25519","kid":"5","use":"enc","x":"AAAA","nbf":0,"exp":1},
          %s
        ]}"""
            .formatted(Jwks.render(List.of(current)).replaceAll("^\\{\"keys\":\\[|\\]\\}$", ""));
    assertThat(Jwks.parse(json)).containsExactly(current);
  }

  @Test
  void rejectsBrokenSets() {
    String good = Jwks.render(List.of(current));
    for (String bad :
        List.of(
            "",
            "[]",
            "{}",
            "{\"keys\":{}}",
            "not json",
            good.replace("\"kid\":\"2\"", "\"kid\":\"k-2\""),
            good.replace("\"kid\":\"2\"", "\"kid\":\"70000\""),
            good.replaceAll("\"x\":\"[^\"]+\"", "\"x\":\"AAAA\""),
            good.replaceAll("\"x\":\"[^\"]+\"", "\"x\":\"!!\""),
            good.replace(",\"nbf\":1767830400", ""),
            Jwks.render(List.of(current))
                .replace("]}", "," + Jwks.render(List.of(current)).substring(9)))) {
      assertThatThrownBy(() -> Jwks.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
