package cn.railway.tempid.assurance;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionRules;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The one rule for "this live face is this person" (docs/rules.md, "Identity assurance"): the
 * {@value #DECISION} table in {@code dmn/identity-assurance.dmn}, evaluated through the rules port
 * (the latest deployed version decides), for every face check: the application's own,
 * re-verification before viewing, a guest's lookup, revocation. The provider's verdict alone never
 * passes a check.
 */
@Service
public class IdentityAssurance {
  public static final String DECISION = "identityAssurance";

  /**
   * PASS: the face is the person's. RETRY and REFUSE are failed checks (REFUSE: not the person).
   */
  public enum Outcome {
    PASS,
    RETRY,
    REFUSE
  }

  /** What a face check is for: the table may ask more where no reviewer looks afterwards. */
  public enum Purpose {
    APPLICATION,
    REVERIFICATION,
    LOOKUP,
    REVOCATION,
    /** A child's guardian's own face check (PIPL art. 31); no reviewer looks at it afterwards. */
    GUARDIAN
  }

  /**
   * The provider's answer for one face check, as the table reads it.
   *
   * @param livenessOutcome the provider's verdict ({@code PASSED}, {@code FAILED})
   * @param authorityComparison the provider's comparison with the ID photo ({@code MATCH}, {@code
   *     MISMATCH}, {@code NOT_COMPARED})
   */
  public record FaceCheck(
      Purpose purpose,
      String livenessOutcome,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      String authorityComparison) {}

  /** The table's answer: the outcome and a stable reason code (never a score). */
  public record Assessment(Outcome outcome, String reasonCode) {
    public boolean passed() {
      return outcome == Outcome.PASS;
    }
  }

  private final DecisionRules rules;

  IdentityAssurance(DecisionRules rules) {
    this.rules = rules;
  }

  public Assessment assess(DecisionRules.DecisionFor decisionFor, FaceCheck check) {
    Map<String, Object> inputs =
        DecisionContract.IDENTITY_ASSURANCE
            .supply()
            .put("checkPurpose", check.purpose().name())
            .put("livenessOutcome", check.livenessOutcome())
            .put("livenessScore", number(check.livenessScore()))
            .put("faceMatchScore", number(check.faceMatchScore()))
            .put("authorityComparison", check.authorityComparison())
            .build();
    Map<String, Object> out = rules.evaluate(decisionFor, DECISION, inputs);
    Object reason = out.get("reasonCode");
    return new Assessment(
        Outcome.valueOf(String.valueOf(out.get("assurance"))),
        reason == null ? "NONE" : reason.toString());
  }

  private static Double number(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }
}
