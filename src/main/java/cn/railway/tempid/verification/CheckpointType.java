package cn.railway.tempid.verification;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a checkpoint does when it verifies a certificate (R19). The role decides what the answer
 * carries: gates and on-train checks see the masked identity only; ticket windows and real-name
 * checks may see the full ID number if their key has that right.
 */
public enum CheckpointType {
  ENTRY_GATE(false),
  EXIT_GATE(false),
  TICKET_WINDOW(true),
  REAL_NAME_CHECK(true),
  ON_TRAIN(false);

  /** The pattern request bodies are validated against. */
  public static final String PATTERN =
      "ENTRY_GATE|EXIT_GATE|TICKET_WINDOW|REAL_NAME_CHECK|ON_TRAIN";

  private final boolean realNameRole;

  CheckpointType(boolean realNameRole) {
    this.realNameRole = realNameRole;
  }

  /** Whether this role may be shown the full ID number (with a key that has real-name rights). */
  public boolean realNameRole() {
    return realNameRole;
  }

  /** The stored form: names joined by commas, in declaration order. */
  static String store(Set<CheckpointType> types) {
    return EnumSet.copyOf(types).stream().map(Enum::name).collect(Collectors.joining(","));
  }

  /** The stored form read back; unknown names are ignored (fail closed: the key may not act). */
  static Set<String> read(String stored) {
    if (stored == null || stored.isBlank()) {
      return Set.of();
    }
    Set<String> known = Arrays.stream(values()).map(Enum::name).collect(Collectors.toSet());
    return Arrays.stream(stored.split(","))
        .map(String::trim)
        .filter(known::contains)
        .collect(Collectors.toUnmodifiableSet());
  }
}
