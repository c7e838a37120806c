package cn.railway.tempid.shared.privacy;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Key material for pseudonymisation and field encryption, bound from {@code tempid.privacy.*}.
 *
 * <p>Validation happens in {@link PersonKeys} and {@link FieldCipher}, which fail at start-up with
 * a message naming the offending property (never its value).
 *
 * @param hmacKey base64 key for {@link PersonKeys}, at least 32 bytes once decoded ({@code
 *     tempid.privacy.hmac-key})
 * @param activeKeyId the key id new values are encrypted with ({@code
 *     tempid.privacy.active-key-id})
 * @param encryptionKeys key id to base64 AES-256 key (32 bytes); every key listed can decrypt, so
 *     retired keys stay here until their data has been re-encrypted ({@code
 *     tempid.privacy.encryption-keys.<key-id>})
 * @param activeKey optional base64 AES-256 key for {@code activeKeyId}, for deployments that name
 *     the active key id in a variable ({@code tempid.privacy.active-key}); property names cannot
 *     contain placeholders, so {@code encryption-keys.${ID}} would not work
 */
@ConfigurationProperties(prefix = "tempid.privacy")
public record PrivacyProperties(
    String hmacKey, String activeKeyId, Map<String, String> encryptionKeys, String activeKey) {

  static final String PREFIX = "tempid.privacy.";
  static final String HMAC_KEY = PREFIX + "hmac-key";
  static final String ACTIVE_KEY_ID = PREFIX + "active-key-id";
  static final String ENCRYPTION_KEYS = PREFIX + "encryption-keys";
  static final String ACTIVE_KEY = PREFIX + "active-key";

  @ConstructorBinding
  public PrivacyProperties {}

  public PrivacyProperties(String hmacKey, String activeKeyId, Map<String, String> encryptionKeys) {
    this(hmacKey, activeKeyId, encryptionKeys, null);
  }

  /** Keeps key material out of logs and error pages. */
  @Override
  public String toString() {
    return "PrivacyProperties[hmacKey=****, activeKeyId="
        + activeKeyId
        + ", encryptionKeys="
        + (encryptionKeys == null ? "{}" : encryptionKeys.keySet())
        + (activeKey == null ? "" : ", activeKey=****")
        + "]";
  }
}
