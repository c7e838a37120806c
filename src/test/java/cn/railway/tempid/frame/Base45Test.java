package cn.railway.tempid.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base45Test {

  /** The examples of RFC 9285 section 4.3 and 4.4. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"AB|BB8", "Hello!!|%69 VD92EX0", "base-45|UJCLQE7W581", "ietf!|QED8WEX0"})
  void rfc9285Examples(String plain, String encoded) {
    assertThat(Base45.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    assertThat(new String(Base45.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GGW", "A", "ABCD", "ab", "BB8é", ":::", "Z5"})
  void rejectsNonCanonicalOrForeignInput(String text) {
    assertThatThrownBy(() -> Base45.decode(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(45);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(120)];
      random.nextBytes(bytes);
      assertThat(Base45.decode(Base45.encode(bytes))).isEqualTo(bytes);
    }
  }
}
