package cn.railway.tempid.shared.privacy;

import static cn.railway.tempid.shared.privacy.PrivacyTestKeys.keys;
import static cn.railway.tempid.shared.privacy.PrivacyTestKeys.randomKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldCipherTest {

  private static final String CONTEXT = "application.name";

  private final String key1 = randomKey(32);
  private final String key2 = randomKey(32);
  private final String hmacKey = randomKey(32);

  private FieldCipher cipher(String activeKeyId, String... idsAndKeys) {
    return new FieldCipher(new PrivacyProperties(hmacKey, activeKeyId, keys(idsAndKeys)));
  }

  private static String flipPayloadByte(String stored, int index) {
    int split = stored.lastIndexOf(':') + 1;
    byte[] payload = Base64.getUrlDecoder().decode(stored.substring(split));
    payload[index] ^= 0x01;
    return stored.substring(0, split)
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
  }

  @ParameterizedTest
  @ValueSource(strings = {"张三", "阿依古丽·买买提", "𠮷野家", "", "Zhang San", "11010519491231002X"})
  void roundTrips(String plaintext) {
    FieldCipher cipher = cipher("k1", "k1", key1);

    String stored = cipher.encrypt(plaintext, CONTEXT);

    assertThat(stored).startsWith("v1:k1:").matches("v1:k1:[A-Za-z0-9_-]+");
    assertThat(cipher.decrypt(stored, CONTEXT)).isEqualTo(plaintext);
  }

  @Test
  void nullStaysNull() {
    FieldCipher cipher = cipher("k1", "k1", key1);

    assertThat(cipher.encrypt(null, CONTEXT)).isNull();
    assertThat(cipher.decrypt(null, CONTEXT)).isNull();
  }

  @Test
  void sameValueEncryptsDifferentlyEachTime() {
    FieldCipher cipher = cipher("k1", "k1", key1);

    String first = cipher.encrypt("张三", CONTEXT);
    String second = cipher.encrypt("张三", CONTEXT);

    assertThat(first).isNotEqualTo(second);
    assertThat(cipher.decrypt(first, CONTEXT)).isEqualTo(cipher.decrypt(second, CONTEXT));
  }

  @Test
  void wrongContextFails() {
    FieldCipher cipher = cipher("k1", "k1", key1);
    String stored = cipher.encrypt("阿依古丽·买买提", "application.name");

    assertThatThrownBy(() -> cipher.decrypt(stored, "application.phone"))
        .isInstanceOf(FieldDecryptionException.class)
        .hasMessageContaining("application.phone")
        .message()
        .doesNotContain("阿依古丽");
  }

  @Test
  void flippedByteFails() {
    FieldCipher cipher = cipher("k1", "k1", key1);
    String stored = cipher.encrypt("张三", CONTEXT);

    for (int index : new int[] {0, 11, 12, 13}) {
      String tampered = flipPayloadByte(stored, index);
      assertThatThrownBy(() -> cipher.decrypt(tampered, CONTEXT))
          .isInstanceOf(FieldDecryptionException.class)
          .message()
          .doesNotContain("张三");
    }
    // and the last byte, part of the tag
    int last = Base64.getUrlDecoder().decode(stored.substring(6)).length - 1;
    assertThatThrownBy(() -> cipher.decrypt(flipPayloadByte(stored, last), CONTEXT))
        .isInstanceOf(FieldDecryptionException.class);
  }

  @Test
  void keyRotationKeepsOldValuesReadable() {
    String storedUnderOldKey = cipher("k1", "k1", key1).encrypt("欧阳娜娜", CONTEXT);

    FieldCipher rotated = cipher("k2", "k1", key1, "k2", key2);
    String storedUnderNewKey = rotated.encrypt("欧阳娜娜", CONTEXT);

    assertThat(rotated.activeKeyId()).isEqualTo("k2");
    assertThat(storedUnderNewKey).startsWith("v1:k2:");
    assertThat(rotated.decrypt(storedUnderOldKey, CONTEXT)).isEqualTo("欧阳娜娜");
    assertThat(rotated.decrypt(storedUnderNewKey, CONTEXT)).isEqualTo("欧阳娜娜");
  }

  @Test
  void unknownKeyIdFailsNamingTheKeyIdButNoKeyMaterial() {
    String stored = cipher("k2", "k2", key2).encrypt("张三", CONTEXT);
    FieldCipher onlyOldKey = cipher("k1", "k1", key1);

    assertThatThrownBy(() -> onlyOldKey.decrypt(stored, CONTEXT))
        .isInstanceOf(FieldDecryptionException.class)
        .hasMessageContaining("'k2'")
        .message()
        .doesNotContain(key1)
        .doesNotContain(key2)
        .doesNotContain("张三");
  }

  @Test
  void sameKeyIdWithDifferentKeyFails() {
    String stored = cipher("k1", "k1", key1).encrypt("张三", CONTEXT);

    assertThatThrownBy(() -> cipher("k1", "k1", key2).decrypt(stored, CONTEXT))
        .isInstanceOf(FieldDecryptionException.class)
        .message()
        .doesNotContain(key1)
        .doesNotContain(key2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"张三", "v2:k1:AAAA", "v1:k1", "v1::AAAA", "v1:k1:!!!!", "v1:k1:AAAA"})
  void malformedValuesFail(String stored) {
    FieldCipher cipher = cipher("k1", "k1", key1);

    assertThatThrownBy(() -> cipher.decrypt(stored, CONTEXT))
        .isInstanceOf(FieldDecryptionException.class)
        .message()
        .doesNotContain("张三");
  }

  @Test
  void rejectsBlankContext() {
    FieldCipher cipher = cipher("k1", "k1", key1);

    assertThatThrownBy(() -> cipher.encrypt("张三", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cipher.decrypt("v1:k1:AAAA", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsActiveKeyIdThatIsNotConfigured() {
    assertThatThrownBy(() -> cipher("k3", "k1", key1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tempid.privacy.active-key-id")
        .message()
        .doesNotContain(key1);
    assertThatThrownBy(() -> cipher(null, "k1", key1))
        .hasMessageContaining("tempid.privacy.active-key-id");
  }

  @Test
  void rejectsKeysThatAreNotAes256() {
    String aes128 = randomKey(16);

    assertThatThrownBy(() -> cipher("k1", "k1", key1, "k2", aes128))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tempid.privacy.encryption-keys.k2")
        .message()
        .doesNotContain(aes128)
        .doesNotContain(key1);
  }

  @Test
  void rejectsMissingKeysAndBadKeyIds() {
    assertThatThrownBy(() -> new FieldCipher(new PrivacyProperties(hmacKey, "k1", null)))
        .hasMessageContaining("tempid.privacy.encryption-keys");
    assertThatThrownBy(() -> cipher("a:b", "a:b", key1))
        .hasMessageContaining("tempid.privacy.encryption-keys");
    assertThatThrownBy(() -> cipher("k1", "k1", "not base64 !"))
        .hasMessageContaining("tempid.privacy.encryption-keys.k1");
  }

  @Test
  void activeKeyGivenSeparately_isTheKeyOfTheActiveKeyId_besideOlderKeys() {
    FieldCipher old = cipher("k1", "k1", key1);
    String storedUnderK1 = old.encrypt("张三", CONTEXT);
    FieldCipher rotated =
        new FieldCipher(new PrivacyProperties(hmacKey, "k2", keys("k1", key1), key2));

    assertThat(rotated.activeKeyId()).isEqualTo("k2");
    assertThat(rotated.encrypt("李四", CONTEXT)).startsWith("v1:k2:");
    assertThat(rotated.decrypt(storedUnderK1, CONTEXT)).isEqualTo("张三");
    assertThat(
            new FieldCipher(new PrivacyProperties(hmacKey, "k2", null, key2))
                .encrypt("李四", CONTEXT))
        .startsWith("v1:k2:");
    assertThatThrownBy(
            () -> new FieldCipher(new PrivacyProperties(hmacKey, "k1", keys("k1", key1), key2)))
        .hasMessageContaining("tempid.privacy.active-key")
        .message()
        .doesNotContain(key1)
        .doesNotContain(key2);
  }
}
