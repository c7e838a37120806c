package cn.railway.tempid.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.assurance.IdentityAssurance;
import cn.railway.tempid.eligibility.EligibilityRules;
import cn.railway.tempid.location.ServiceArea;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.review.ApprovalRules;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The decision contract is the code's: each caller supplies exactly the inputs the contract lists
 * for its decision (the port refuses anything else, so a caller that drifts fails here and in every
 * journey test), and a table that answers outside it at run time names itself in the incident, with
 * the engine. That the analysts' guide lists it is {@code AnalystsGuideTest}, a plain unit test;
 * who may read it through the route is in {@code DecisionRequestContractTest}, a web slice.
 */
@ApplicationTest
class DecisionContractTest {
  @Autowired DecisionRules rules;
  @Autowired EligibilityRules eligibility;
  @Autowired ApprovalRules approval;
  @Autowired IdentityAssurance assurance;
  @Autowired QuotaService quota;
  @Autowired ServiceArea serviceArea;
  @Autowired RepositoryService repository;
  @Autowired AdjustableClock clock;

  /**
   * Each decision evaluated through its real caller: the port accepts the caller's inputs only when
   * they are exactly the contract's (no variable more, none less, each of its type).
   */
  @Test
  void everyCaller_suppliesExactlyTheInputsOfItsContract() {
    serviceArea.refusal(
        DecisionRules.DecisionFor.noApplication(),
        new ServiceArea.Located(ServiceArea.Status.RESOLVED, "广东省", "广州市", true));
    eligibility.decide(
        DecisionRules.DecisionFor.noApplication(), "RESIDENT_ID_CARD", "RESIDENT", 35, false, null);
    quota.usage("contract-test-person");
    assurance.assess(
        DecisionRules.DecisionFor.noApplication(),
        new IdentityAssurance.FaceCheck(
            IdentityAssurance.Purpose.LOOKUP,
            "PASSED",
            new BigDecimal("0.98"),
            new BigDecimal("0.95"),
            "MATCH"));
    ApprovalRules.Approval approved =
        approval.decide(
            DecisionRules.DecisionFor.noApplication(),
            new PopulationRegistry.Answer(PopulationRegistry.Result.MATCH, Set.of()),
            new BigDecimal("0.95"),
            new BigDecimal("0.95"));
    assertThat(approved.decision()).isEqualTo(ApprovalRules.Decision.APPROVE);
    assertThat(DecisionContract.keys())
        .as("every decision of the contract has a caller above")
        .containsExactlyInAnyOrder(
            "serviceArea", "eligibility", "quota", "identityAssurance", "approval");
  }

  /** A variable the contract does not list, or one it lists but the caller omits, is refused. */
  @Test
  void thePort_refusesInputsThatDifferFromTheContract() {
    Map<String, Object> inputs =
        DecisionContract.QUOTA
            .supply()
            .put("activeCertificate", false)
            .put("renewalWindowOpen", false)
            .put("usedThisMonth", 0)
            .build();
    assertThat(rules.evaluateForDisplay("quota", inputs)).containsKey("monthlyLimit");

    Map<String, Object> extra = new HashMap<>(inputs);
    extra.put("age", 75);
    assertThatThrownBy(() -> rules.evaluateForDisplay("quota", extra))
        .hasMessageContaining("supplies 'age', which the contract does not list");

    Map<String, Object> missing = new HashMap<>(inputs);
    missing.remove("usedThisMonth");
    assertThatThrownBy(() -> rules.evaluateForDisplay("quota", missing))
        .hasMessageContaining("does not supply 'usedThisMonth', which the contract lists");

    assertThatThrownBy(() -> DecisionContract.APPROVAL.supply().put("age", 75))
        .hasMessageContaining("lists no input 'age'");
    assertThatThrownBy(() -> DecisionContract.APPROVAL.supply().put("deceased", false).build())
        .hasMessageContaining("registryResult");
  }

  /**
   * A table that passes the gate can still answer something the service cannot map for a case its
   * case rows never tried (here: a face match above 0.99). The exception that becomes the incident
   * names the table, its version and the reason in words, not {@code No enum constant}.
   */
  @Test
  void aTableAnsweringOutsideTheContractAtRunTime_namesItselfItsVersionAndTheReason()
      throws Exception {
    String table = RuleGateTest.release("approval.dmn");
    String misbehaving =
        table.replace(
            "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n          <text>\"APPROVE\"</text>",
            "<outputEntry id=\"Rule_Approval_Approve_OutDecision\">\n"
                + "          <text>if faceMatchScore &gt; 0.99 then \"APPROVED\" else \"APPROVE\"</text>");
    assertThat(misbehaving).isNotEqualTo(table);
    Deployment deployment =
        repository
            .createDeployment()
            .name("approval: untested branch")
            .addString("approval.dmn", misbehaving)
            .deploy();
    try {
      int version =
          repository
              .createDecisionDefinitionQuery()
              .deploymentId(deployment.getId())
              .singleResult()
              .getVersion();
      assertThatThrownBy(
              () ->
                  approval.decide(
                      DecisionRules.DecisionFor.noApplication(),
                      new PopulationRegistry.Answer(PopulationRegistry.Result.MATCH, Set.of()),
                      new BigDecimal("0.95"),
                      new BigDecimal("0.995")))
          .isInstanceOf(DecisionRules.MisbehavingTableException.class)
          .hasMessageContaining("Decision table 'approval' version " + version)
          .hasMessageContaining(
              "\"APPROVED\" is not a value the service understands for 'decision'")
          .hasMessageContaining("POST /api/v1/decisions/approval/rollback")
          .hasMessageContaining("retry the incidents");
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
      clock.advance(Duration.ofSeconds(6)); // no node remembers the withdrawn version
    }
  }
}
