package cn.railway.tempid.frame;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Not a test: builds, signs and verifies status list tokens of the sizes a deployment reaches, and
 * prints the token size and the median time of each step. Each size has every index handed out so
 * far, the last {@code 100 000} still within their validity (a day at 100 000 certificates a day)
 * with 1% of them withdrawn and 0.1% revoked, plus 0.1% revoked among the older ones. Run with
 * {@code java -cp target/classes:target/test-classes:<deps>
 * cn.railway.tempid.frame.StatusListTokenBenchmark [entries ...]}.
 */
public final class StatusListTokenBenchmark {
  private static final int RUNS = 5;

  private StatusListTokenBenchmark() {}

  public static void main(String[] args) {
    long[] sizes =
        args.length > 0
            ? Arrays.stream(args).mapToLong(Long::parseLong).toArray()
            : new long[] {1_000_000, 10_000_000, 36_500_000};
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
    for (long handedOut : sizes) {
      long live = Math.min(100_000, handedOut);
      long lowestLive = handedOut - live;
      Random random = new Random(handedOut);
      TreeMap<Long, Integer> exceptions = new TreeMap<>();
      for (long i = 0; i < live / 100; i++) {
        exceptions.put(lowestLive + (long) (random.nextDouble() * live), TokenStatusList.WITHDRAWN);
      }
      for (long i = 0; i < handedOut / 1000; i++) {
        exceptions.put((long) (random.nextDouble() * handedOut), TokenStatusList.REVOKED);
      }
      long size = Math.floorDiv(handedOut + 65_536 + 65_535, 65_536) * 65_536;
      TokenStatusList.Content content = new TokenStatusList.Content(size, lowestLive, exceptions);

      long[] signMillis = new long[RUNS];
      long[] verifyMillis = new long[RUNS];
      String token = null;
      for (int run = 0; run < RUNS; run++) {
        long start = System.nanoTime();
        token =
            TokenStatusList.sign(
                "https://tempid.example/api/v1/status-list",
                now,
                now.plus(Duration.ofHours(2)),
                Duration.ofMinutes(5),
                content,
                1,
                pair.privateKey());
        signMillis[run] = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        TokenStatusList list = TokenStatusList.verify(token, keys, now);
        if (list.statusAt(lowestLive - 1).isEmpty() && lowestLive > 0 || list.size() != size) {
          throw new IllegalStateException("the list does not read back");
        }
        verifyMillis[run] = (System.nanoTime() - start) / 1_000_000;
      }
      System.out.printf(
          "%,d indices handed out (list of %,d entries, %,d exceptions): token %,d bytes;"
              + " build+compress+sign median %d ms; verify+inflate median %d ms (%d runs)%n",
          handedOut,
          size,
          exceptions.size(),
          token.length(),
          median(signMillis),
          median(verifyMillis),
          RUNS);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
