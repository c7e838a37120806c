package cn.railway.tempid.eligibility;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.problem.Refusal;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** R4/R5: who may apply, decided by the {@code eligibility} DMN table. */
@Service
public class EligibilityRules {
  /** The only document that can be used to apply (R4). */
  public static final String RESIDENT_ID_CARD = "RESIDENT_ID_CARD";

  /** Family of a number that was not parsed because the document is not a resident ID card. */
  public static final String UNKNOWN_FAMILY = "UNKNOWN";

  private final DecisionRules rules;

  EligibilityRules(DecisionRules rules) {
    this.rules = rules;
  }

  /**
   * The table's decision: a refusal code (empty when the applicant may apply) and whether a
   * guardian must consent (PIPL art. 31: children under the table's age).
   */
  public record Decision(Optional<Refusal> refusal, boolean guardianRequired) {}

  /**
   * Decides for an applicant of {@code age} years (on the day of applying; null when unknown), with
   * or without a guardian's consent and the guardian's age (null when no guardian or unknown).
   */
  public Decision decide(
      DecisionRules.DecisionFor decisionFor,
      String idType,
      String idNumberFamily,
      Integer age,
      boolean guardianConsent,
      Integer guardianAge) {
    Map<String, Object> inputs =
        DecisionContract.ELIGIBILITY
            .supply()
            .put("idType", idType)
            .put("idNumberFamily", idNumberFamily)
            .put("age", age)
            .put("guardianConsent", guardianConsent)
            .put("guardianAge", guardianAge)
            .build();
    Map<String, Object> out =
        rules.evaluate(decisionFor, DecisionContract.ELIGIBILITY.decisionKey(), inputs);
    boolean guardianRequired = Boolean.TRUE.equals(out.get("guardianRequired"));
    if (Boolean.TRUE.equals(out.get("eligible"))) {
      return new Decision(Optional.empty(), guardianRequired);
    }
    Object reason = out.get("reasonCode");
    return new Decision(
        Optional.of(reason == null ? Refusal.ID_TYPE_NOT_SUPPORTED : Refusal.of(reason.toString())),
        guardianRequired);
  }

  /** Full years of age on {@code day} for someone born on {@code birthDate}. */
  public static int ageOn(java.time.LocalDate birthDate, java.time.LocalDate day) {
    return java.time.Period.between(birthDate, day).getYears();
  }
}
