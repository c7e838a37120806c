package cn.railway.tempid.shared.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a feature erases its own personal data when retention (docs/rules.md, "Privacy") says so.
 * Each feature with a table that holds personal data has one implementation, which writes only that
 * feature's tables; the retention job only decides what is due and calls every eraser in order
 * ({@code @Order}), all within one transaction per batch of cases.
 *
 * <p>A test reads the schema and proves that every table with a personal column (encrypted, hashed,
 * person key, masked values, place, scores) is named by exactly one eraser, in {@link #erases()}
 * or, with the reason, in {@link #keeps()}.
 */
public interface PersonalDataEraser {

  /** Finished cases past the retention period: their applications and certificates. */
  record FinishedCases(List<String> applicationIds, List<String> certificateIds, Instant at) {}

  /** The tables of this feature whose personal data this eraser erases. */
  Set<String> erases();

  /** Tables of this feature with personal-looking columns that retention leaves alone, and why. */
  default Map<String, String> keeps() {
    return Map.of();
  }

  /** Erases the personal data of these finished cases (the batch's transaction is open). */
  default void eraseCases(FinishedCases cases) {}

  /**
   * Erases what belongs to no case or outlived it: rows older than {@code before} (the retention
   * cut-off) or expired at {@code now}.
   */
  default void eraseLeftovers(Instant now, Instant before) {}
}
