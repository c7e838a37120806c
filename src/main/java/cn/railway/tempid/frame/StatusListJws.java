package cn.railway.tempid.frame;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;

/**
 * The JWS of a status list token ({@link TokenStatusList}), with Nimbus JOSE+JWT: signing its
 * claims with a frame signing key ({@code typ: statuslist+jwt}, {@code alg: EdDSA}, {@code kid}),
 * and checking a token's header, key id and Ed25519 signature before its claims are read.
 */
final class StatusListJws {
  private StatusListJws() {}

  /**
   * The claims of a token whose signature checked out, the key that made it and its {@code kid}.
   */
  record Verified(JWTClaimsSet claims, VerificationKey key, String kid) {}

  /** The compact serialization of {@code claims} signed with {@code key} under {@code keyId}. */
  static String sign(JWTClaimsSet claims, int keyId, Ed25519Keys.PrivateKey key) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.EdDSA)
            .type(new JOSEObjectType(TokenStatusList.TYPE))
            .keyID(Integer.toString(keyId))
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.publicKey().encoded()))
              .d(Base64URL.encode(key.encoded()))
              .keyID(Integer.toString(keyId))
              .build();
      jwt.sign(new Ed25519Signer(jwk));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the status list token", e);
    }
    return jwt.serialize();
  }

  /**
   * Parses {@code token} and checks its type, algorithm, a published key with its {@code kid} and
   * the signature; the claims are not checked here.
   *
   * @throws IllegalArgumentException (with a reason safe to print) when the token cannot be used
   */
  static Verified verify(String token, KeyLookup keys) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token == null ? "" : token.trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWS compact serialization");
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null || !TokenStatusList.TYPE.equals(header.getType().getType())) {
      throw new IllegalArgumentException("typ is not " + TokenStatusList.TYPE);
    }
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new IllegalArgumentException("alg is not EdDSA");
    }
    String kid = header.getKeyID();
    if (kid == null || !kid.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(kid) > 0xffff) {
      throw new IllegalArgumentException("kid is not a published frame key id");
    }
    VerificationKey key =
        keys.find(Integer.parseInt(kid))
            .orElseThrow(() -> new IllegalArgumentException("kid " + kid + " is not published"));
    try {
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.publicKey().encoded()))
              .keyID(kid)
              .build();
      if (!jwt.verify(new Ed25519Verifier(jwk))) {
        throw new IllegalArgumentException("bad signature");
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("bad signature");
    }
    return new Verified(claims, key, kid);
  }
}
