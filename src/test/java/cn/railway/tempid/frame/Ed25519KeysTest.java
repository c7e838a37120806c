package cn.railway.tempid.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {

  private static final byte[] MESSAGE = "frame".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rawKeysRoundTrip() {
    Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
    Ed25519Keys.KeyPair restored = Ed25519Keys.fromPrivateKey(pair.privateKey().encoded());
    assertThat(restored.publicKey()).isEqualTo(pair.publicKey());
    assertThat(Ed25519Keys.publicKey(pair.publicKey().encoded())).isEqualTo(pair.publicKey());
    assertThat(pair.privateKey().encoded()).hasSize(32);
    assertThat(pair.publicKey().encoded()).hasSize(32);
    assertThat(pair.privateKey().toString())
        .doesNotContain(java.util.HexFormat.of().formatHex(pair.privateKey().encoded()));
  }

  @Test
  void signsDeterministicallyAndVerifies() {
    Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
    byte[] signature = pair.privateKey().sign(MESSAGE);
    assertThat(signature).hasSize(64).isEqualTo(pair.privateKey().sign(MESSAGE));
    assertThat(pair.publicKey().verify(MESSAGE, signature)).isTrue();
    assertThat(pair.publicKey().verify("other".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
    assertThat(Ed25519Keys.generate().publicKey().verify(MESSAGE, signature)).isFalse();
    assertThat(pair.publicKey().verify(MESSAGE, new byte[63])).isFalse();
    assertThat(pair.publicKey().verify(MESSAGE, null)).isFalse();
  }

  @Test
  void rejectsKeysOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519Keys.privateKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519Keys.publicKey(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519Keys.publicKey(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
    byte[] expected = pair.privateKey().sign(MESSAGE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          IntStream.range(0, 200)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              java.util.Arrays.equals(pair.privateKey().sign(MESSAGE), expected)
                                  && pair.publicKey().verify(MESSAGE, expected)))
              .toList();
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }
}
