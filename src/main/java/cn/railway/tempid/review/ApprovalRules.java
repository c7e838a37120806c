package cn.railway.tempid.review;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionRules;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * R7: after liveness passed, the {@code approval} DMN table decides from the registry answer and
 * the scores: APPROVE, REJECT, or MANUAL_REVIEW by a person.
 */
@Service
public class ApprovalRules {
  public enum Decision {
    APPROVE,
    REJECT,
    MANUAL_REVIEW
  }

  public record Approval(Decision decision, String reasonCode) {}

  private final DecisionRules rules;

  ApprovalRules(DecisionRules rules) {
    this.rules = rules;
  }

  public Approval decide(
      DecisionRules.DecisionFor decisionFor,
      PopulationRegistry.Answer registry,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore) {
    Map<String, Object> inputs =
        DecisionContract.APPROVAL
            .supply()
            .put("registryResult", registry.result().name())
            .put("deceased", registry.flagged("DECEASED"))
            .put("reportedFraud", registry.flagged("REPORTED_FRAUD"))
            .put("livenessScore", livenessScore == null ? null : livenessScore.doubleValue())
            .put("faceMatchScore", faceMatchScore == null ? null : faceMatchScore.doubleValue())
            .build();
    Map<String, Object> out =
        rules.evaluate(decisionFor, DecisionContract.APPROVAL.decisionKey(), inputs);
    Object reason = out.get("reasonCode");
    return new Approval(
        Decision.valueOf(out.get("decision").toString()),
        reason == null ? null : reason.toString());
  }
}
