package cn.railway.tempid.shared.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;

/**
 * What a production secret must at least be (API.md "Staff surfaces", docs/security.md): the first
 * administrator's password at least {@value #MIN_PASSWORD_LENGTH} characters and not a common one
 * ({@value #COMMON_PASSWORDS}, nor the user name, nor one character or a short run repeated), and
 * shared secrets such as the liveness callback secret at least {@value #MIN_SECRET_BYTES} bytes.
 * The reasons name the rule, never the value.
 */
final class SecretStrength {
  static final int MIN_PASSWORD_LENGTH = 12;
  static final int MIN_SECRET_BYTES = 32;
  static final String COMMON_PASSWORDS = "security/common-passwords.txt";

  private static final Set<String> COMMON = load();

  private SecretStrength() {}

  /** Why this administrator password is refused, if it is. */
  static Optional<String> weakPassword(String user, String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      return Optional.of("shorter than " + MIN_PASSWORD_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    // a listed password, also with digits or punctuation added at the end ("password1234!!")
    String stem = lower.replaceAll("[\\d\\p{Punct}]+$", "");
    if (COMMON.contains(lower) || COMMON.contains(stem)) {
      return Optional.of("a common password");
    }
    if (user != null && !user.isBlank() && lower.contains(user.strip().toLowerCase(Locale.ROOT))) {
      return Optional.of("contains the user name");
    }
    if (repeatsAShortRun(lower)) {
      return Optional.of("one character or a short run repeated");
    }
    return Optional.empty();
  }

  /** Why this shared secret is refused, if it is. */
  static Optional<String> shortSecret(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      return Optional.of("shorter than " + MIN_SECRET_BYTES + " bytes");
    }
    if (repeatsAShortRun(secret)) {
      return Optional.of("one character or a short run repeated");
    }
    return Optional.empty();
  }

  /** "aaaaaaaaaaaa", "abcabcabcabc", "12121212…": a run of at most 4 characters, repeated. */
  private static boolean repeatsAShortRun(String value) {
    for (int run = 1; run <= 4 && run < value.length(); run++) {
      boolean repeated = true;
      for (int i = run; i < value.length() && repeated; i++) {
        repeated = value.charAt(i) == value.charAt(i - run);
      }
      if (repeated) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> load() {
    try (InputStream in = new ClassPathResource(COMMON_PASSWORDS).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + COMMON_PASSWORDS, e);
    }
  }
}
