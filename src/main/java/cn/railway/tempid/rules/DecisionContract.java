package cn.railway.tempid.rules;

import cn.railway.tempid.shared.problem.Refusal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the service supplies to each decision table and what it understands of its answer: the one
 * source of truth for the callers (which build their inputs with {@link Declaration#supply()}), the
 * port (which refuses a map that differs, and an answer outside it), the rule gate (which refuses a
 * table reading anything else or answering anything else, before it is deployed), {@code GET
 * /api/v1/decisions/contract} and the analysts' guide.
 *
 * <p>Why: an analyst once added an {@code age} column to the approval table. The service never
 * supplies {@code age}, so the new row was dead and a 75-year-old was approved silently; and a typo
 * ({@code "APPROVED"} for {@code "APPROVE"}) turned every clean case into an incident. Both are
 * refused at deployment when the contract says what the service supplies and reads.
 */
public final class DecisionContract {

  /** The type of an input, as the table's {@code typeRef} names it. */
  public enum Type {
    STRING,
    BOOLEAN,
    INTEGER,
    DOUBLE;

    /**
     * The DMN {@code typeRef}: {@code string}, {@code boolean}, {@code integer}, {@code double}.
     */
    public String typeRef() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean accepts(Object value) {
      return value == null
          || switch (this) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Integer || value instanceof Long;
            case DOUBLE -> value instanceof Double || value instanceof Float;
          };
    }
  }

  /** A variable the service supplies to a decision (possibly null: "no value"). */
  public record Input(String name, Type type) {}

  /**
   * An output column the service reads: a text from a closed set, a boolean, or a number in a
   * range. {@code nullable}: an empty cell (no value) is understood too.
   */
  public record Output(
      String name,
      Type type,
      Set<String> values,
      BigDecimal min,
      BigDecimal max,
      boolean nullable) {

    static Output text(String name, boolean nullable, Texts values) {
      return new Output(name, Type.STRING, values.set(), null, null, nullable);
    }

    static Output bool(String name, boolean nullable) {
      return new Output(name, Type.BOOLEAN, Set.of(), null, null, nullable);
    }

    static Output integer(String name, int min, int max) {
      return new Output(
          name, Type.INTEGER, Set.of(), BigDecimal.valueOf(min), BigDecimal.valueOf(max), false);
    }

    /**
     * The values the service understands, as an analyst writes them in a cell: the texts, {@code
     * true}/{@code false}, or a number range {@code [min..max]}; {@code null} when an empty cell is
     * understood.
     */
    public List<String> allowedValues() {
      List<String> allowed = new ArrayList<>();
      switch (type) {
        case STRING -> values.forEach(v -> allowed.add('"' + v + '"'));
        case BOOLEAN -> allowed.addAll(List.of("true", "false"));
        default -> allowed.add("[" + min.toPlainString() + ".." + max.toPlainString() + "]");
      }
      if (nullable) {
        allowed.add("null");
      }
      return allowed;
    }

    /**
     * What is wrong with a value of this output, in words; empty when the service understands it.
     */
    public Optional<String> problem(Object value) {
      if (value == null) {
        return nullable
            ? Optional.empty()
            : Optional.of("no value for '" + name + "', but the service needs one");
      }
      boolean understood =
          switch (type) {
            case STRING -> value instanceof String s && values.contains(s);
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER, DOUBLE ->
                value instanceof Number n
                    && new BigDecimal(n.toString()).compareTo(min) >= 0
                    && new BigDecimal(n.toString()).compareTo(max) <= 0
                    && (type == Type.DOUBLE
                        || new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0);
          };
      if (understood) {
        return Optional.empty();
      }
      String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
      return Optional.of(
          shown
              + " is not a value the service understands for '"
              + name
              + "'; it understands "
              + String.join(", ", allowedValues()));
    }
  }

  /**
   * A condition between two outputs of one row: when {@code ifOutput} is {@code ifValue}, {@code
   * thenOutput} must be one of {@code thenValues} (e.g. a REJECT names a refusal the passenger is
   * shown).
   */
  public record RowRule(
      String ifOutput, String ifValue, String thenOutput, Set<String> thenValues, String why) {}

  /** One decision key: its inputs (all supplied at every evaluation) and the outputs read. */
  public record Declaration(
      String decisionKey, List<Input> inputs, List<Output> outputs, List<RowRule> rowRules) {

    public Optional<Input> input(String name) {
      return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<Output> output(String name) {
      return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Set<String> inputNames() {
      return inputs.stream().map(Input::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The caller's inputs, built name by name: an input outside the contract is refused. */
    public Inputs supply() {
      return new Inputs(this);
    }

    /**
     * What is wrong with a map of inputs handed to the port (a variable the contract does not list,
     * one it lists but the map lacks, or a value of another type); empty when it is the contract.
     */
    public List<String> inputProblems(Map<String, ?> supplied) {
      List<String> problems = new ArrayList<>();
      for (String name : new TreeSet<>(supplied.keySet())) {
        Optional<Input> input = input(name);
        if (input.isEmpty()) {
          problems.add("supplies '" + name + "', which the contract does not list");
        } else if (!input.get().type().accepts(supplied.get(name))) {
          problems.add(
              "supplies '"
                  + name
                  + "' as "
                  + supplied.get(name).getClass().getSimpleName()
                  + ", the contract says "
                  + input.get().type().typeRef());
        }
      }
      for (Input input : inputs) {
        if (!supplied.containsKey(input.name())) {
          problems.add("does not supply '" + input.name() + "', which the contract lists");
        }
      }
      return problems;
    }

    /** What the service cannot understand in a row's outputs, in words; empty when all is well. */
    public List<String> outputProblems(Map<String, ?> answer) {
      List<String> problems = new ArrayList<>();
      for (Output output : outputs) {
        output.problem(answer.get(output.name())).ifPresent(problems::add);
      }
      problems.addAll(rowRuleProblems(answer));
      return problems;
    }

    /** What breaks a {@link RowRule} in one row's outputs (only outputs present are judged). */
    public List<String> rowRuleProblems(Map<String, ?> answer) {
      List<String> problems = new ArrayList<>();
      for (RowRule rule : rowRules) {
        if (!answer.containsKey(rule.ifOutput()) || !answer.containsKey(rule.thenOutput())) {
          continue;
        }
        Object when = answer.get(rule.ifOutput());
        Object then = answer.get(rule.thenOutput());
        if (rule.ifValue().equals(when) && !rule.thenValues().contains(then)) {
          problems.add(
              (then instanceof String s ? '"' + s + '"' : String.valueOf(then))
                  + " in '"
                  + rule.thenOutput()
                  + "' with "
                  + rule.ifOutput()
                  + " \""
                  + rule.ifValue()
                  + "\": "
                  + rule.why());
        }
      }
      return problems;
    }
  }

  /** Builds the inputs of one evaluation from the contract: every input, and nothing else. */
  public static final class Inputs {
    private final Declaration declaration;
    private final Map<String, Object> values = new HashMap<>();

    private Inputs(Declaration declaration) {
      this.declaration = declaration;
    }

    /**
     * @throws IllegalArgumentException for a name the contract does not list for this decision, or
     *     a value of another type (a programming error, caught by any test that runs the caller)
     */
    public Inputs put(String name, Object value) {
      Input input =
          declaration
              .input(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "The decision contract of '"
                              + declaration.decisionKey()
                              + "' lists no input '"
                              + name
                              + "': add it to DecisionContract first"));
      if (!input.type().accepts(value)) {
        throw new IllegalArgumentException(
            "Input '" + name + "' of '" + declaration.decisionKey() + "' is a " + input.type());
      }
      values.put(name, value);
      return this;
    }

    /**
     * @throws IllegalStateException when an input of the contract was not put
     */
    public Map<String, Object> build() {
      Set<String> missing = new TreeSet<>(declaration.inputNames());
      missing.removeAll(values.keySet());
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "The decision contract of '"
                + declaration.decisionKey()
                + "' lists inputs the caller does not supply: "
                + missing);
      }
      return new HashMap<>(values);
    }
  }

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

  public static final Declaration SERVICE_AREA =
      new Declaration(
          "serviceArea",
          List.of(
              new Input("mainland", Type.BOOLEAN),
              new Input("province", Type.STRING),
              new Input("city", Type.STRING)),
          List.of(Output.bool("served", false)),
          List.of());

  public static final Declaration ELIGIBILITY =
      new Declaration(
          "eligibility",
          List.of(
              new Input("idType", Type.STRING),
              new Input("idNumberFamily", Type.STRING),
              new Input("age", Type.INTEGER),
              new Input("guardianConsent", Type.BOOLEAN),
              new Input("guardianAge", Type.INTEGER)),
          List.of(
              Output.bool("eligible", false),
              Output.text("reasonCode", true, Texts.refusals(Refusal.Stage.PRE_CHECK)),
              Output.bool("guardianRequired", true)),
          List.of());

  /**
   * The quota table; {@code monthlyLimit} is shown to passengers. A limit above 100 a month is
   * taken for a typo.
   */
  public static final Declaration QUOTA =
      new Declaration(
          "quota",
          List.of(
              new Input("activeCertificate", Type.BOOLEAN),
              new Input("renewalWindowOpen", Type.BOOLEAN),
              new Input("usedThisMonth", Type.INTEGER)),
          List.of(
              Output.text(
                  "outcome",
                  false,
                  Texts.of("ALLOW", "ACTIVE_CERTIFICATE_EXISTS", "QUOTA_EXCEEDED")),
              Output.integer("monthlyLimit", 1, 100)),
          List.of());

  public static final Declaration APPROVAL =
      new Declaration(
          "approval",
          List.of(
              new Input("registryResult", Type.STRING),
              new Input("deceased", Type.BOOLEAN),
              new Input("reportedFraud", Type.BOOLEAN),
              new Input("livenessScore", Type.DOUBLE),
              new Input("faceMatchScore", Type.DOUBLE)),
          List.of(
              Output.text("decision", false, Texts.of("APPROVE", "REJECT", "MANUAL_REVIEW")),
              Output.text("reasonCode", true, APPROVAL_REFUSALS.and(APPROVAL_OTHER_REASONS))),
          List.of(
              new RowRule(
                  "decision",
                  "REJECT",
                  "reasonCode",
                  APPROVAL_REFUSALS.set(),
                  "a rejection must name a refusal the passenger is shown ("
                      + String.join(", ", APPROVAL_REFUSALS.set())
                      + ")")));

  public static final Declaration IDENTITY_ASSURANCE =
      new Declaration(
          "identityAssurance",
          List.of(
              new Input("checkPurpose", Type.STRING),
              new Input("livenessOutcome", Type.STRING),
              new Input("livenessScore", Type.DOUBLE),
              new Input("faceMatchScore", Type.DOUBLE),
              new Input("authorityComparison", Type.STRING)),
          List.of(
              Output.text("assurance", false, Texts.of("PASS", "RETRY", "REFUSE")),
              Output.text("reasonCode", true, FACE_CHECK_REASONS)),
          List.of());

  private static final List<Declaration> ALL =
      List.of(SERVICE_AREA, ELIGIBILITY, QUOTA, APPROVAL, IDENTITY_ASSURANCE);

  private DecisionContract() {}

  /** Every decision the service asks for, in the order of a journey. */
  public static List<Declaration> all() {
    return ALL;
  }

  public static Optional<Declaration> of(String decisionKey) {
    return ALL.stream().filter(d -> d.decisionKey().equals(decisionKey)).findFirst();
  }

  /**
   * The declaration of a decision the port is asked to evaluate, when the inputs are exactly its
   * contract.
   *
   * @throws IllegalArgumentException for a key outside the contract or inputs that differ from it
   *     (a programming error: every test that runs the caller fails)
   */
  public static Declaration require(String decisionKey, Map<String, ?> inputs) {
    Declaration declaration =
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
    return ALL.stream().map(Declaration::decisionKey).toList();
  }
}
