package cn.railway.tempid.shared.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Derives a stable pseudonymous key for a person from their ID number, so that records about the
 * same person can be linked and looked up without storing the number in clear.
 *
 * <p>{@code personKey = base64url-nopad(HMAC-SHA256(hmacKey, "person:" + normalizedIdNumber))}.
 * Changing the HMAC key or this format changes every person key, so both are part of the stored
 * data format. Thread-safe.
 */
@Component
public class PersonKeys {

  static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final String DOMAIN = "person:";

  private final SecretKeySpec key;

  public PersonKeys(PrivacyProperties properties) {
    Objects.requireNonNull(properties, "properties");
    byte[] bytes = KeyMaterial.decode(properties.hmacKey(), PrivacyProperties.HMAC_KEY);
    try {
      if (bytes.length < MIN_KEY_BYTES) {
        throw new IllegalStateException(
            PrivacyProperties.HMAC_KEY
                + " must decode to at least "
                + MIN_KEY_BYTES
                + " bytes but has "
                + bytes.length);
      }
      this.key = new SecretKeySpec(bytes, ALGORITHM);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The person key for an already normalised ID number (see {@code ResidentIdNumber#normalized()}):
   * 43 URL-safe base64 characters.
   */
  public String personKey(String normalizedIdNumber) {
    Objects.requireNonNull(normalizedIdNumber, "normalizedIdNumber");
    return hmac(DOMAIN + normalizedIdNumber);
  }

  /**
   * A keyed pseudonym of some other value (a client address, a username) in its own domain, so it
   * can never equal a person key: {@code HMAC-SHA256(hmacKey, domain + ":" + value)}.
   */
  public String pseudonym(String domain, String value) {
    Objects.requireNonNull(value, "value");
    if (domain == null || domain.isBlank() || (domain + ":").equals(DOMAIN)) {
      throw new IllegalArgumentException("a pseudonym needs its own domain");
    }
    return hmac(domain + ":" + value);
  }

  private String hmac(String input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
