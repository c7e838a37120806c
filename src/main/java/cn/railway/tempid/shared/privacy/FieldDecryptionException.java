package cn.railway.tempid.shared.privacy;

/**
 * A stored encrypted field could not be decrypted. The message says what failed; it never contains
 * plaintext or key material.
 */
public class FieldDecryptionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FieldDecryptionException(String message) {
    super(message);
  }
}
