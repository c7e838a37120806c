package cn.railway.tempid.shared.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts individual personal-data fields for storage with AES-256-GCM.
 *
 * <p>Stored form: {@code "v1:" + keyId + ":" + base64url-nopad(iv || ciphertext || tag)} with a
 * random 12-byte IV and a 128-bit tag. The caller's {@code context} (for example {@code
 * "application.name"}) is the associated data, so a value copied into another column does not
 * decrypt there.
 *
 * <p>Key rotation: the active key encrypts; every configured key decrypts. Thread-safe.
 */
@Component
public class FieldCipher {

  static final String VERSION = "v1";
  static final int KEY_BYTES = 32;
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  public FieldCipher(PrivacyProperties properties) {
    Objects.requireNonNull(properties, "properties");
    Map<String, String> configured = new LinkedHashMap<>();
    if (properties.encryptionKeys() != null) {
      configured.putAll(properties.encryptionKeys());
    }
    if (properties.activeKey() != null && properties.activeKeyId() != null) {
      String listed = configured.putIfAbsent(properties.activeKeyId(), properties.activeKey());
      if (listed != null && !listed.equals(properties.activeKey())) {
        throw new IllegalStateException(
            PrivacyProperties.ACTIVE_KEY
                + " differs from "
                + PrivacyProperties.ENCRYPTION_KEYS
                + "."
                + properties.activeKeyId());
      }
    }
    if (configured.isEmpty()) {
      throw new IllegalStateException(PrivacyProperties.ENCRYPTION_KEYS + " is empty");
    }
    Map<String, SecretKey> decoded = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : configured.entrySet()) {
      String keyId = entry.getKey();
      if (!validKeyId(keyId)) {
        throw new IllegalStateException(
            PrivacyProperties.ENCRYPTION_KEYS
                + " has a key id that is blank or contains ':' or whitespace");
      }
      String property = PrivacyProperties.ENCRYPTION_KEYS + "." + keyId;
      byte[] bytes = KeyMaterial.decode(entry.getValue(), property);
      try {
        if (bytes.length != KEY_BYTES) {
          throw new IllegalStateException(
              property
                  + " must decode to exactly "
                  + KEY_BYTES
                  + " bytes (AES-256) but has "
                  + bytes.length);
        }
        decoded.put(keyId, new SecretKeySpec(bytes, "AES"));
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    String active = properties.activeKeyId();
    if (active == null || active.isBlank()) {
      throw new IllegalStateException(PrivacyProperties.ACTIVE_KEY_ID + " is not set");
    }
    if (!decoded.containsKey(active)) {
      throw new IllegalStateException(
          PrivacyProperties.ACTIVE_KEY_ID
              + " names key id '"
              + active
              + "', which is not configured under "
              + PrivacyProperties.ENCRYPTION_KEYS);
    }
    this.keys = Map.copyOf(decoded);
    this.activeKeyId = active;
  }

  private static boolean validKeyId(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      return false;
    }
    return keyId.codePoints().noneMatch(c -> c == ':' || Character.isWhitespace(c));
  }

  /** The key id new values are encrypted with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /**
   * Encrypts {@code plaintext} under the active key; {@code null} stays {@code null}.
   *
   * @param context names the field, e.g. {@code "application.name"}; the same value is needed to
   *     decrypt
   */
  public String encrypt(String plaintext, String context) {
    requireContext(context);
    if (plaintext == null) {
      return null;
    }
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] payload = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      return VERSION + ":" + activeKeyId + ":" + ENCODER.encodeToString(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed for context '" + context + "'", e);
    }
  }

  /**
   * Decrypts a value produced by {@link #encrypt}; {@code null} stays {@code null}.
   *
   * @throws FieldDecryptionException if the value is malformed, names an unknown key id, was
   *     tampered with, or was encrypted for another context
   */
  public String decrypt(String stored, String context) {
    requireContext(context);
    if (stored == null) {
      return null;
    }
    String[] parts = stored.split(":", 3);
    if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty()) {
      throw new FieldDecryptionException(
          "Encrypted value for context '" + context + "' is not in the " + VERSION + " format");
    }
    String keyId = parts[1];
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new FieldDecryptionException(
          "Encrypted value for context '" + context + "' uses unknown key id '" + keyId + "'");
    }
    byte[] payload;
    try {
      payload = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new FieldDecryptionException(
          "Encrypted value for context '" + context + "' is not valid base64url");
    }
    if (payload.length < IV_BYTES + TAG_BITS / 8) {
      throw new FieldDecryptionException(
          "Encrypted value for context '" + context + "' is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, IV_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new FieldDecryptionException(
          "Authentication failed decrypting value for context '"
              + context
              + "' with key id '"
              + keyId
              + "': it was altered, belongs to another context, or the key differs");
    } catch (GeneralSecurityException e) {
      throw new FieldDecryptionException(
          "Decrypting value for context '"
              + context
              + "' with key id '"
              + keyId
              + "' failed: "
              + e.getClass().getSimpleName());
    }
  }

  private static void requireContext(String context) {
    if (context == null || context.isBlank()) {
      throw new IllegalArgumentException("context must not be blank");
    }
  }
}
