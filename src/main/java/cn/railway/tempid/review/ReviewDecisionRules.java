package cn.railway.tempid.review;

import cn.railway.tempid.shared.problem.Refusal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What makes a manual review decision valid, whichever way it arrives (Tasklist's form, Camunda's
 * REST API, {@code POST /reviews/{taskId}}): APPROVE or REJECT, never a default; a REJECT names its
 * reason from the refusal vocabulary. The messages are shown to the reviewer as they are (Tasklist
 * shows the engine's message), so they name no personal data.
 */
public final class ReviewDecisionRules {
  public static final String APPROVE = "APPROVE";
  public static final String REJECT = "REJECT";

  /** The longest note kept (characters), as {@code POST /reviews/{taskId}} validates it. */
  public static final int NOTE_MAX = 500;

  /**
   * The reasons a reviewer may reject for: the approval table's own refusals (a reviewer reaches
   * the same conclusions about a person's registry entry and face check) and the general
   * REVIEW_REJECTED.
   */
  public static final List<String> REJECT_REASONS =
      Stream.concat(
              Stream.of(Refusal.values()).filter(r -> r.stage() == Refusal.Stage.APPROVAL),
              Stream.of(Refusal.REVIEW_REJECTED))
          .map(Refusal::name)
          .toList();

  private ReviewDecisionRules() {}

  /** Why this decision cannot be recorded; empty when it can. */
  public static Optional<String> violation(Object decision, Object reasonCode, Object note) {
    if (decision == null || decision.toString().isBlank()) {
      return Optional.of("The review decision is missing. Choose APPROVE or REJECT (请选择批准或拒绝).");
    }
    if (!APPROVE.equals(decision) && !REJECT.equals(decision)) {
      return Optional.of("The review decision must be APPROVE or REJECT (审核结论只能为批准或拒绝).");
    }
    if (REJECT.equals(decision) && (reasonCode == null || !REJECT_REASONS.contains(reasonCode))) {
      return Optional.of(
          "A REJECT review decision needs a reason code, one of "
              + String.join(", ", REJECT_REASONS)
              + " (拒绝须选择原因).");
    }
    if (note != null && !(note instanceof String)) {
      return Optional.of("The review decision's note must be text.");
    }
    if (note != null && ((String) note).length() > NOTE_MAX) {
      return Optional.of("The review decision's note is longer than " + NOTE_MAX + " characters.");
    }
    return Optional.empty();
  }
}
