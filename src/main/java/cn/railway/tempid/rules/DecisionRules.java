package cn.railway.tempid.rules;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The business rules that analysts own, as DMN tables in {@code dmn/}. Features ask this port for a
 * decision by its key; the adapter evaluates the latest deployed version of the table.
 */
public interface DecisionRules {

  /**
   * Evaluates a FIRST-hit decision table for {@code decisionFor} and returns the outputs of the
   * matching rule. A decision for an application is recorded for it (which table, which version,
   * which outcome, which rows matched; the inputs for 30 days, for replays, without names or ID
   * numbers) in the current transaction and counted once it commits.
   *
   * @throws NoMatchingRuleException when no rule matches (a gap in the table: a technical fault)
   */
  Map<String, Object> evaluate(
      DecisionFor decisionFor, String decisionKey, Map<String, Object> inputs);

  /**
   * Evaluates a table only to show its answer (e.g. the quota left, shown to a passenger): neither
   * recorded nor counted, and it decides nothing.
   *
   * @throws NoMatchingRuleException when no rule matches
   */
  Map<String, Object> evaluateForDisplay(String decisionKey, Map<String, Object> inputs);

  /**
   * Whom a decision is made for; every caller of {@link #evaluate} must say. {@link
   * #application(String)}: recorded for that application. {@link #noApplication()}: a face check
   * that belongs to no application (re-verification, lookup, revocation), counted nowhere, as its
   * outcome is kept with the face check itself.
   */
  record DecisionFor(String applicationId) {
    private static final DecisionFor NO_APPLICATION = new DecisionFor(null);

    public static DecisionFor application(String applicationId) {
      if (applicationId == null || applicationId.isBlank()) {
        throw new IllegalArgumentException("a decision for an application needs its id");
      }
      return new DecisionFor(applicationId);
    }

    public static DecisionFor noApplication() {
      return NO_APPLICATION;
    }

    public boolean recorded() {
      return applicationId != null;
    }
  }

  /** The recorded decisions of an application, oldest first. */
  List<RecordedDecision> recordedFor(String applicationId);

  /**
   * One recorded evaluation: the table's key and version, its main output, and the ids of the rows
   * that matched (the rule that decided; empty for records made before they were kept).
   */
  record RecordedDecision(
      String decision,
      int version,
      String definitionId,
      String outcome,
      List<String> ruleIds,
      Instant decidedAt) {}

  /**
   * A deployed table answered something the service cannot act on: no row matched, or an output
   * outside the {@link DecisionContract}. The message becomes the Camunda incident on the step that
   * evaluated it, so it names the table, its version and the reason in words, and the fix
   * (docs/operations.md): roll the table back, then retry the incidents. Where a request waits for
   * the table (the pre-checks of a submission) it is a {@code 503 SERVICE_UNAVAILABLE} with {@code
   * Retry-After}, never a 500: the rules are a dependency that is broken until rolled back, and
   * nothing of the request is stored.
   */
  class MisbehavingTableException extends DependencyUnavailableException {
    /** A broken table stays broken until an analyst rolls it back: not worth retrying at once. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    public MisbehavingTableException(String decisionKey, int version, String reason) {
      super(
          "Decision table '"
              + decisionKey
              + "' version "
              + version
              + " "
              + reason
              + ". Roll the table back to the previous version (POST /api/v1/decisions/"
              + decisionKey
              + "/rollback), then retry the incidents in Cockpit",
          RETRY_AFTER);
    }
  }

  /** No row of the table matched: a gap in the table. */
  final class NoMatchingRuleException extends MisbehavingTableException {
    public NoMatchingRuleException(String decisionKey, int version) {
      super(decisionKey, version, "matched no row: the table needs a catch-all last row");
    }
  }
}
