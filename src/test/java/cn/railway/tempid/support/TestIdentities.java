package cn.railway.tempid.support;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Valid, random resident ID numbers (GB 11643-1999), so tests never share a person. */
public final class TestIdentities {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  private static final String[] REGIONS = {"110105", "310104", "440106", "510107", "650102"};

  /**
   * The next sequence number per region and birth date. Tests share one database, and a person with
   * a fixed birth date (a child of eight, someone fourteen today) is asked for by several tests; a
   * counter, not chance, keeps them different people.
   */
  private static final ConcurrentMap<String, AtomicInteger> SEQUENCES = new ConcurrentHashMap<>();

  private static final int START = ThreadLocalRandom.current().nextInt(1000);

  private TestIdentities() {}

  /** A random adult's ID number. */
  public static String randomIdNumber() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return idNumber(
        REGIONS[r.nextInt(REGIONS.length)],
        LocalDate.of(1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28)));
  }

  /**
   * An ID number with the given region code and birth date that no other call in this JVM returned
   * (up to 1,000 people per region and day, the format's limit).
   */
  public static String idNumber(String region, LocalDate birthDate) {
    String prefix = region + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE);
    int taken = SEQUENCES.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
    if (taken >= 1000) {
      throw new IllegalStateException("more than 1,000 test people born on one day in " + region);
    }
    // Start at a random place so separate JVMs on one database rarely meet either.
    int sequence = (START + taken) % 1000;
    return withCheckCharacter(prefix + String.format("%03d", sequence));
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
