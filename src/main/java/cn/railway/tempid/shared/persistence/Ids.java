package cn.railway.tempid.shared.persistence;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Identifiers and opaque tokens. Ids are random, so they reveal nothing about a person. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** A 256-bit random token, URL-safe. Store only its {@link Tokens#hash}. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
