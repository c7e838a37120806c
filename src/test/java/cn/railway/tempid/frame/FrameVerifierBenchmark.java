package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: verifies N distinct frame tokens on one thread and prints verifications per second.
 * Run with {@code java -cp target/classes:target/test-classes:<deps>
 * cn.railway.tempid.frame.FrameVerifierBenchmark [N]}.
 */
public final class FrameVerifierBenchmark {

  private FrameVerifierBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Instant now = Instant.parse("2026-01-15T08:00:30Z");
    Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
    KeyLookup keys =
        KeyLookup.of(
            List.of(
                new VerificationKey(
                    1,
                    pair.publicKey(),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-02-01T00:00:00Z"))));
    Instant expires = now.plusSeconds(86_400);
    FrameVerifier verifier = new FrameVerifier(keys, id -> StatusLookup.Standing.active(expires));

    String[] tokens = new String[n];
    for (int i = 0; i < n; i++) {
      tokens[i] =
          FrameCodec.encode(
              FrameToken.of(1, UUID.randomUUID(), expires, now, i + 1L, i), pair.privateKey());
    }
    // warm-up
    for (int i = 0; i < Math.min(n, 5_000); i++) {
      check(verifier.verify(tokens[i], now));
    }
    long start = System.nanoTime();
    for (String token : tokens) {
      check(verifier.verify(token, now));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d verifications in %.3f s: %.0f verifications/s on one thread%n",
        n, seconds, n / seconds);
  }

  private static void check(Verification verification) {
    if (!verification.accepted()) {
      throw new IllegalStateException("rejected: " + verification.reason());
    }
  }
}
