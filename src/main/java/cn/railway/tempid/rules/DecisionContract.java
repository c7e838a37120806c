package cn.railway.tempid.rules;

import cn.railway.tempid.shared.problem.Refusal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the service supplies to each decision table and what it understands of its answer: the one
 * source of truth for the callers (which build their inputs with {@link
 * DecisionDeclaration#supply()}), the port (which refuses a map that differs, and an answer outside
 * it), the rule gate (which refuses a table reading anything else or answering anything else,
 * before it is deployed), {@code GET /api/v1/decisions/contract} and the analysts' guide.
 *
 * <p>Why: an analyst once added an {@code age} column to the approval table. The service never
 * supplies {@code age}, so the new row was dead and a 75-year-old was approved silently; and a typo
 * ({@code "APPROVED"} for {@code "APPROVE"}) turned every clean case into an incident. Both are
 * refused at deployment when the contract says what the service supplies and reads.
 *
 * <p>This class holds the declarations; their parts live beside it: a {@link DecisionDeclaration}
 * per key, the {@link DecisionInput}s a caller supplies (built with {@link DecisionInputs}), the
 * {@link DecisionOutput}s the service reads and the {@link DecisionRowRule}s between them.
 */
public final class DecisionContract {

  /** A closed set of texts, in the order they are shown. */
  private record Texts(Set<String> set) {
    static Texts of(Stream<String> values) {
      LinkedHashSet<String> set = values.collect(Collectors.toCollection(LinkedHashSet::new));
      return new Texts(Collections.unmodifiableSet(set));
    }

    static Texts of(String... values) {
      return of(Arrays.stream(values));
    }

    static Texts refusals(Refusal.Stage stage) {
      return of(Arrays.stream(Refusal.values()).filter(r -> r.stage() == stage).map(Enum::name));
    }

    Texts and(Texts other) {
      return of(Stream.concat(set.stream(), other.set.stream()));
    }
  }

  /** A text output of a closed set. */
  private static DecisionOutput text(String name, boolean nullable, Texts values) {
    return DecisionOutput.text(name, nullable, values.set());
  }

  private static final Texts APPROVAL_REFUSALS = Texts.refusals(Refusal.Stage.APPROVAL);

  /**
   * Why a case goes to a reviewer (shown in the reviewer's task) or was approved: the approval
   * table's reason codes besides its refusals.
   */
  private static final Texts APPROVAL_OTHER_REASONS =
      Texts.of(
          "APPROVED",
          "REPORTED_FRAUD",
          "FACE_MATCH_BORDERLINE",
          "LIVENESS_BORDERLINE",
          "CHECK_DATA_INCOMPLETE");

  /**
   * The reason codes of a face check, kept with the face-check event and counted by reason (a
   * metric tag, hence a closed set).
   */
  private static final Texts FACE_CHECK_REASONS =
      Texts.of(
          "FACE_MATCHED",
          "PRESENTATION_ATTACK",
          "LIVENESS_FAILED",
          "LIVENESS_SCORE_LOW",
          "FACE_MISMATCH",
          "AUTHORITY_MISMATCH",
          "FACE_CHECK_BORDERLINE",
          "BORDERLINE_TO_REVIEW",
          "CHECK_DATA_INCOMPLETE");

  public static final DecisionDeclaration SERVICE_AREA =
      new DecisionDeclaration(
          "serviceArea",
          List.of(
              new DecisionInput("mainland", DecisionType.BOOLEAN),
              new DecisionInput("province", DecisionType.STRING),
              new DecisionInput("city", DecisionType.STRING)),
          List.of(DecisionOutput.bool("served", false)),
          List.of());

  public static final DecisionDeclaration ELIGIBILITY =
      new DecisionDeclaration(
          "eligibility",
          List.of(
              new DecisionInput("idType", DecisionType.STRING),
              new DecisionInput("idNumberFamily", DecisionType.STRING),
              new DecisionInput("age", DecisionType.INTEGER),
              new DecisionInput("guardianConsent", DecisionType.BOOLEAN),
              new DecisionInput("guardianAge", DecisionType.INTEGER)),
          List.of(
              DecisionOutput.bool("eligible", false),
              text("reasonCode", true, Texts.refusals(Refusal.Stage.PRE_CHECK)),
              DecisionOutput.bool("guardianRequired", true)),
          List.of());

  /**
   * The quota table; {@code monthlyLimit} is shown to passengers. A limit above 100 a month is
   * taken for a typo.
   */
  public static final DecisionDeclaration QUOTA =
      new DecisionDeclaration(
          "quota",
          List.of(
              new DecisionInput("activeCertificate", DecisionType.BOOLEAN),
              new DecisionInput("renewalWindowOpen", DecisionType.BOOLEAN),
              new DecisionInput("usedThisMonth", DecisionType.INTEGER)),
          List.of(
              text(
                  "outcome",
                  false,
                  Texts.of("ALLOW", "ACTIVE_CERTIFICATE_EXISTS", "QUOTA_EXCEEDED")),
              DecisionOutput.integer("monthlyLimit", 1, 100)),
          List.of());

  public static final DecisionDeclaration APPROVAL =
      new DecisionDeclaration(
          "approval",
          List.of(
              new DecisionInput("registryResult", DecisionType.STRING),
              new DecisionInput("deceased", DecisionType.BOOLEAN),
              new DecisionInput("reportedFraud", DecisionType.BOOLEAN),
              new DecisionInput("livenessScore", DecisionType.DOUBLE),
              new DecisionInput("faceMatchScore", DecisionType.DOUBLE)),
          List.of(
              text("decision", false, Texts.of("APPROVE", "REJECT", "MANUAL_REVIEW")),
              text("reasonCode", true, APPROVAL_REFUSALS.and(APPROVAL_OTHER_REASONS))),
          List.of(
              new DecisionRowRule(
                  "decision",
                  "REJECT",
                  "reasonCode",
                  APPROVAL_REFUSALS.set(),
                  "a rejection must name a refusal the passenger is shown ("
                      + String.join(", ", APPROVAL_REFUSALS.set())
                      + ")")));

  public static final DecisionDeclaration IDENTITY_ASSURANCE =
      new DecisionDeclaration(
          "identityAssurance",
          List.of(
              new DecisionInput("checkPurpose", DecisionType.STRING),
              new DecisionInput("livenessOutcome", DecisionType.STRING),
              new DecisionInput("livenessScore", DecisionType.DOUBLE),
              new DecisionInput("faceMatchScore", DecisionType.DOUBLE),
              new DecisionInput("authorityComparison", DecisionType.STRING)),
          List.of(
              text("assurance", false, Texts.of("PASS", "RETRY", "REFUSE")),
              text("reasonCode", true, FACE_CHECK_REASONS)),
          List.of());

  private static final List<DecisionDeclaration> ALL =
      List.of(SERVICE_AREA, ELIGIBILITY, QUOTA, APPROVAL, IDENTITY_ASSURANCE);

  private DecisionContract() {}

  /** Every decision the service asks for, in the order of a journey. */
  public static List<DecisionDeclaration> all() {
    return ALL;
  }

  public static Optional<DecisionDeclaration> of(String decisionKey) {
    return ALL.stream().filter(d -> d.decisionKey().equals(decisionKey)).findFirst();
  }

  /**
   * The declaration of a decision the port is asked to evaluate, when the inputs are exactly its
   * contract.
   *
   * @throws IllegalArgumentException for a key outside the contract or inputs that differ from it
   *     (a programming error: every test that runs the caller fails)
   */
  public static DecisionDeclaration require(String decisionKey, Map<String, ?> inputs) {
    DecisionDeclaration declaration =
        of(decisionKey)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Decision '" + decisionKey + "' is not in the decision contract"));
    List<String> problems = declaration.inputProblems(inputs);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "The caller of decision '"
              + decisionKey
              + "' differs from its contract: "
              + String.join("; ", problems));
    }
    return declaration;
  }

  /** The keys the service asks for. */
  public static List<String> keys() {
    return ALL.stream().map(DecisionDeclaration::decisionKey).toList();
  }
}
