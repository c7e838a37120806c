package cn.railway.tempid.eligibility;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An 18-character ID number per GB 11643-1999: six-digit region code, birth date (YYYYMMDD),
 * three-digit sequence and an ISO 7064 MOD 11-2 check character.
 *
 * <p>The same layout is used by the residence permits of Hong Kong, Macau and Taiwan residents
 * (region 81/82/83) and by the 2023 foreign permanent residence ID card (first digit 9); see {@link
 * #family()}.
 *
 * <p>Instances are immutable. {@link #toString()} deliberately does not reveal the number.
 */
public final class ResidentIdNumber {

  static final int LENGTH = 18;
  static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK_CHARS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  private final String normalized;
  private final LocalDate birthDate;

  private ResidentIdNumber(String normalized, LocalDate birthDate) {
    this.normalized = normalized;
    this.birthDate = birthDate;
  }

  /**
   * Parses and validates an ID number.
   *
   * <p>Surrounding whitespace is removed, full-width characters are folded (NFKC) and a lower-case
   * check character {@code x} is upper-cased.
   *
   * @param raw the number as entered
   * @param today the current date; the birth date may not be after it
   * @throws InvalidIdNumberException if the number is not valid
   */
  public static ResidentIdNumber parse(String raw, LocalDate today) {
    Objects.requireNonNull(today, "today");
    if (raw == null) {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.BLANK);
    }
    String value = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    if (value.isEmpty()) {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.BLANK);
    }
    if (value.length() != LENGTH) {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.LENGTH);
    }
    if (value.charAt(LENGTH - 1) == 'x') {
      value = value.substring(0, LENGTH - 1) + 'X';
    }
    for (int i = 0; i < LENGTH - 1; i++) {
      if (!isAsciiDigit(value.charAt(i))) {
        throw new InvalidIdNumberException(InvalidIdNumberException.Reason.CHARACTERS);
      }
    }
    char last = value.charAt(LENGTH - 1);
    if (!isAsciiDigit(last) && last != 'X') {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.CHARACTERS);
    }
    if (checkChar(value) != last) {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.CHECKSUM);
    }
    LocalDate birthDate = birthDate(value);
    if (birthDate == null || birthDate.isBefore(EARLIEST_BIRTH_DATE) || birthDate.isAfter(today)) {
      throw new InvalidIdNumberException(InvalidIdNumberException.Reason.BIRTH_DATE);
    }
    return new ResidentIdNumber(value, birthDate);
  }

  /** The check character for the first seventeen digits of {@code value}. */
  static char checkChar(CharSequence value) {
    int sum = 0;
    for (int i = 0; i < LENGTH - 1; i++) {
      sum += (value.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK_CHARS[sum % 11];
  }

  private static LocalDate birthDate(String value) {
    int year = Integer.parseInt(value, 6, 10, 10);
    int month = Integer.parseInt(value, 10, 12, 10);
    int day = Integer.parseInt(value, 12, 14, 10);
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      // deliberately not propagated: its message would contain the date
      return null;
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The number in canonical form: eighteen ASCII characters, check character upper-case. */
  public String normalized() {
    return normalized;
  }

  /** The six-digit region code (first six characters). */
  public String regionCode() {
    return normalized.substring(0, 6);
  }

  public LocalDate birthDate() {
    return birthDate;
  }

  public IdNumberFamily family() {
    if (normalized.startsWith("81") || normalized.startsWith("82") || normalized.startsWith("83")) {
      return IdNumberFamily.HMT_RESIDENCE_PERMIT;
    }
    if (normalized.charAt(0) == '9') {
      return IdNumberFamily.FOREIGN_PERMANENT_RESIDENCE;
    }
    return IdNumberFamily.RESIDENT;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof ResidentIdNumber other && normalized.equals(other.normalized));
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  /** Does not reveal the number; use {@link #normalized()} deliberately where it is needed. */
  @Override
  public String toString() {
    return "ResidentIdNumber[****]";
  }
}
