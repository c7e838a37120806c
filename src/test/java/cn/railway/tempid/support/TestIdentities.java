package cn.railway.tempid.support;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Valid, random resident ID numbers (GB 11643-1999), so tests never share a person. */
public final class TestIdentities {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  private static final String[] REGIONS = {"110105", "310104", "440106", "510107", "650102"};

  private TestIdentities() {}

  /** A random adult's ID number. */
  public static String randomIdNumber() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return idNumber(
        REGIONS[r.nextInt(REGIONS.length)],
        LocalDate.of(1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28)));
  }

  /** A random ID number with the given region code and birth date. */
  public static String idNumber(String region, LocalDate birthDate) {
    int sequence = ThreadLocalRandom.current().nextInt(1000);
    return withCheckCharacter(
        region
            + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
            + String.format("%03d", sequence));
  }

  /** Appends the ISO 7064 MOD 11-2 check character to 17 digits. */
  public static String withCheckCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return first17 + CHECK[sum % 11];
  }
}
