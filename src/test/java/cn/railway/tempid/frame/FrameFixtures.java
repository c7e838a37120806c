package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Keys, lookups and tokens shared by the frame tests. */
final class FrameFixtures {

  static final Instant NOW = Instant.parse("2026-01-15T08:00:30Z");
  static final UUID CERTIFICATE = UUID.fromString("6f1c2b7a-3d4e-4f50-8a61-92b3c4d5e6f7");
  static final Instant CERTIFICATE_EXPIRES = Instant.parse("2026-01-16T07:59:42Z");
  static final int KEY_ID = 7;
  static final long STATUS_INDEX = 42;
  static final Ed25519Keys.KeyPair KEYS = Ed25519Keys.generate();
  static final VerificationKey VERIFICATION_KEY =
      new VerificationKey(
          KEY_ID,
          KEYS.publicKey(),
          Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2026-02-01T00:00:00Z"));
  static final KeyLookup KEY_LOOKUP = KeyLookup.of(List.of(VERIFICATION_KEY));

  private FrameFixtures() {}

  static FrameToken frameAt(Instant at) {
    return FrameToken.of(
        KEY_ID, CERTIFICATE, CERTIFICATE_EXPIRES, at, 0x1122334455667788L, STATUS_INDEX);
  }

  static String tokenAt(Instant at) {
    return FrameCodec.encode(frameAt(at), KEYS.privateKey());
  }

  static FrameVerifier verifier(StatusLookup statuses) {
    return new FrameVerifier(KEY_LOOKUP, statuses);
  }

  static FrameVerifier activeVerifier() {
    return verifier(id -> StatusLookup.Standing.active(CERTIFICATE_EXPIRES));
  }
}
