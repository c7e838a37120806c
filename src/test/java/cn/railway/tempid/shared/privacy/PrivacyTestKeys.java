package cn.railway.tempid.shared.privacy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

final class PrivacyTestKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PrivacyTestKeys() {}

  static String randomKey(int bytes) {
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static Map<String, String> keys(String... idsAndKeys) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < idsAndKeys.length; i += 2) {
      map.put(idsAndKeys[i], idsAndKeys[i + 1]);
    }
    return map;
  }
}
