package cn.railway.tempid.eligibility;

import cn.railway.tempid.rules.DecisionRules;
import java.util.HashMap;
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

  /** The refusal code when the document cannot be used to apply, empty when it can. */
  public Optional<String> refusal(String idType, String idNumberFamily) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("idType", idType);
    inputs.put("idNumberFamily", idNumberFamily);
    Map<String, Object> out = rules.evaluate("eligibility", inputs);
    if (Boolean.TRUE.equals(out.get("eligible"))) {
      return Optional.empty();
    }
    Object reason = out.get("reasonCode");
    return Optional.of(reason == null ? "ID_TYPE_NOT_SUPPORTED" : reason.toString());
  }
}
