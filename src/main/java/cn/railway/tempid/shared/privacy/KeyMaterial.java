package cn.railway.tempid.shared.privacy;

import java.util.Base64;

/** Decodes configured keys; error messages name the property, never the value. */
final class KeyMaterial {

  private KeyMaterial() {}

  /** Decodes standard or URL-safe base64 (padding optional, whitespace ignored). */
  static byte[] decode(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " is not set");
    }
    String compact = value.replaceAll("\\s+", "");
    boolean urlSafe = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    } catch (IllegalArgumentException e) {
      // the decoder's message quotes the offending character, so it is not chained
      throw new IllegalStateException(property + " is not valid base64");
    }
  }
}
