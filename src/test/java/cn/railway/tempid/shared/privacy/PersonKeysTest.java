package cn.railway.tempid.shared.privacy;

import static cn.railway.tempid.shared.privacy.PrivacyTestKeys.randomKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PersonKeysTest {

  private static final String NUMBER = "11010519491231002X";
  private static final String OTHER_NUMBER = "440304201506121237";

  private static PersonKeys personKeys(String hmacKey) {
    return new PersonKeys(new PrivacyProperties(hmacKey, null, Map.of()));
  }

  @Test
  void isDeterministic() {
    String key = randomKey(32);

    assertThat(personKeys(key).personKey(NUMBER)).isEqualTo(personKeys(key).personKey(NUMBER));
  }

  @Test
  void matchesHmacSha256OfThePrefixedNumber() throws Exception {
    String key = randomKey(32);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(("person:" + NUMBER).getBytes(StandardCharsets.UTF_8)));

    assertThat(personKeys(key).personKey(NUMBER)).isEqualTo(expected);
  }

  @Test
  void differsPerNumber() {
    PersonKeys keys = personKeys(randomKey(32));

    assertThat(keys.personKey(NUMBER)).isNotEqualTo(keys.personKey(OTHER_NUMBER));
  }

  @Test
  void differsPerHmacKey() {
    assertThat(personKeys(randomKey(32)).personKey(NUMBER))
        .isNotEqualTo(personKeys(randomKey(32)).personKey(NUMBER));
  }

  @Test
  void isFortyThreeUrlSafeCharacters() {
    PersonKeys keys = personKeys(randomKey(48));

    for (String number : new String[] {NUMBER, OTHER_NUMBER, "810000199001010013"}) {
      assertThat(keys.personKey(number)).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    }
  }

  @Test
  void acceptsUrlSafeBase64Keys() {
    byte[] raw = new byte[32];
    raw[0] = (byte) 0xfb; // encodes to '-' / '+' at the start
    raw[1] = (byte) 0xff;
    String standard = Base64.getEncoder().encodeToString(raw);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertThat(personKeys(urlSafe).personKey(NUMBER))
        .isEqualTo(personKeys(standard).personKey(NUMBER));
  }

  @Test
  void isThreadSafe() {
    PersonKeys keys = personKeys(randomKey(32));
    String expected = keys.personKey(NUMBER);

    Set<String> results =
        IntStream.range(0, 2_000)
            .parallel()
            .mapToObj(i -> keys.personKey(NUMBER))
            .collect(Collectors.toSet());

    assertThat(results).containsExactly(expected);
  }

  @Test
  void rejectsTooShortKeyNamingTheProperty() {
    String shortKey = randomKey(16);

    assertThatThrownBy(() -> personKeys(shortKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tempid.privacy.hmac-key")
        .hasMessageContaining("32")
        .message()
        .doesNotContain(shortKey);
  }

  @Test
  void rejectsMissingKey() {
    assertThatThrownBy(() -> personKeys(null)).hasMessageContaining("tempid.privacy.hmac-key");
    assertThatThrownBy(() -> personKeys("  ")).hasMessageContaining("tempid.privacy.hmac-key");
  }

  @Test
  void rejectsInvalidBase64WithoutQuotingIt() {
    String notBase64 = "this is *not* base64 at all, definitely not!!";

    assertThatThrownBy(() -> personKeys(notBase64))
        .hasMessageContaining("tempid.privacy.hmac-key")
        .hasNoCause()
        .message()
        .doesNotContain("*");
  }

  @Test
  void propertiesToStringHidesKeys() {
    String hmacKey = randomKey(32);
    String aesKey = randomKey(32);
    PrivacyProperties properties = new PrivacyProperties(hmacKey, "k1", Map.of("k1", aesKey));

    assertThat(properties.toString()).contains("k1").doesNotContain(hmacKey).doesNotContain(aesKey);
  }
}
