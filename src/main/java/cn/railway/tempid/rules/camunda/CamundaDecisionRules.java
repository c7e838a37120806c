package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionDeclaration;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.shared.observability.AfterCommit;
import cn.railway.tempid.shared.persistence.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngineException;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Evaluates the latest deployed version of a DMN table (deployed from {@code dmn/} at start-up, or
 * by an analyst from Camunda Modeler) with a DMN engine of its own.
 *
 * <p>Why not the process engine's decision service or a business rule task: their inputs (face and
 * liveness scores, registry flags, location) would be written to process variables and decision
 * history, and those must never hold personal data. This engine keeps no history, and its FEEL
 * engine parses each expression of a table once ({@link ParsedOnceFeelEngine}).
 *
 * <p>A decision made for an application ({@link DecisionFor#application}) is recorded in {@code
 * decision_record} with the definition id and version that decided, in the transaction of the step
 * that asked (a rolled-back job leaves no record), and counted in {@code tempid.decisions{decision,
 * outcome}} once that transaction commits. The outcome is the value of the table's first output
 * ({@code ALLOW}, {@code APPROVE}, …; a boolean output {@code served} counts as {@code served} /
 * {@code not_served}). The record also holds the ids of the matched rows ({@code rule_ids}: the
 * rule that decided, ADR 0009) and the inputs as given to the table ({@link RecordedInputs}: for
 * the analysts' replay, cleared after 30 days by the retention job). Evaluations for display (the
 * quota shown to a passenger) are neither recorded nor counted. {@code no_match} (no row matched: a
 * gap in the table) is counted at once, wherever it happens. Only outputs are tags, never inputs.
 */
@Component
class CamundaDecisionRules implements DecisionRules {
  private final RepositoryService repository;
  private final DmnEvaluator dmnEngine = new DmnEvaluator();
  private final Map<String, CamundaParsedTable> parsedByDefinitionId = new ConcurrentHashMap<>();
  private final MeterRegistry meters;
  private final JdbcClient jdbc;
  private final Clock clock;

  /** The signal of every deployment that may hold decision tables ({@link DecisionDeployments}). */
  static final String DEPLOYED = "decision-definitions";

  /**
   * How long the latest version of a table is reused before it is looked up again: a safety net. A
   * deployment on any node clears it once committed (its signal); a deployment deleted to bring
   * back the older table has no signal and takes effect within this time.
   */
  static final Duration LATEST_CACHE = Duration.ofSeconds(5);

  private record Latest(CamundaParsedTable table, Instant readAt) {}

  // by decision key; cleared on this node after a deployment commits, on every other node by its
  // signal
  private final Map<String, Latest> latestByKey = new ConcurrentHashMap<>();
  // a version read while a deployment commits is not kept: the read may predate it
  private final AtomicLong generation = new AtomicLong();
  private final ChangeSignals changes;

  CamundaDecisionRules(
      RepositoryService repository,
      MeterRegistry meters,
      JdbcClient jdbc,
      Clock clock,
      ChangeSignals changes) {
    this.repository = repository;
    this.meters = meters;
    this.jdbc = jdbc;
    this.clock = clock;
    this.changes = changes;
    changes.onChange(
        DEPLOYED,
        () -> {
          generation.incrementAndGet();
          latestByKey.clear();
        });
  }

  @Override
  public Map<String, Object> evaluate(
      DecisionFor decisionFor, String decisionKey, Map<String, Object> inputs) {
    return evaluate(decisionKey, inputs, decisionFor.applicationId());
  }

  @Override
  public Map<String, Object> evaluateForDisplay(String decisionKey, Map<String, Object> inputs) {
    return evaluate(decisionKey, inputs, null);
  }

  private Map<String, Object> evaluate(
      String decisionKey, Map<String, Object> inputs, String applicationId) {
    DecisionDeclaration contract = DecisionContract.require(decisionKey, inputs);
    CamundaParsedTable decision = latest(decisionKey);
    DmnEvaluator.Evaluation evaluation;
    try {
      evaluation = dmnEngine.evaluate(decision.decision(), new HashMap<>(inputs));
    } catch (DmnEngineException | FeelException failed) {
      // a cell the case rows never reached fails for these inputs (a type, a FEEL error): only
      // the engine's error code is named, as its message may quote an input's value
      counter(decisionKey, decision, "evaluation_failed", null).increment();
      throw new MisbehavingTableException(
          decisionKey, decision.version(), "could not be evaluated (" + errorCode(failed) + ")");
    }
    DmnDecisionResultEntries first = evaluation.result().getFirstResult();
    if (first == null) {
      // at once: a gap in a table is an alert
      counter(decisionKey, decision, "no_match", null).increment();
      throw new NoMatchingRuleException(decisionKey, decision.version());
    }
    List<String> misunderstood = contract.outputProblems(first.getEntryMap());
    if (!misunderstood.isEmpty()) {
      counter(decisionKey, decision, "not_understood", null).increment();
      throw new MisbehavingTableException(
          decisionKey, decision.version(), "answered " + String.join("; ", misunderstood));
    }
    if (applicationId != null) {
      String outcome = outcome(decision.mainOutput(), first.getEntryMap());
      record(applicationId, decisionKey, decision, outcome, evaluation.ruleIds(), inputs);
      // counted once the step's transaction commits: a retried job counts once
      AfterCommit.run(
          counter(decisionKey, decision, outcome, first.getEntryMap().get("reasonCode"))
              ::increment);
    }
    return new HashMap<>(first.getEntryMap());
  }

  /** The engine's error code ("DMN-01005", "FEEL/SCALA-01008"), or the exception's class. */
  static String errorCode(RuntimeException failed) {
    String message = failed.getMessage() == null ? "" : failed.getMessage();
    java.util.regex.Matcher code =
        java.util.regex.Pattern.compile("^(DMN-\\d+|FEEL/[A-Z]+-\\d+)").matcher(message);
    return code.find() ? code.group(1) : failed.getClass().getSimpleName();
  }

  @Override
  public List<RecordedDecision> recordedFor(String applicationId) {
    return jdbc.sql(
            """
        select decision_key, decision_version, definition_id, outcome, rule_ids, decided_at
        from decision_record where application_id = ? order by decided_at, id""")
        .param(applicationId)
        .query(
            (rs, row) ->
                new RecordedDecision(
                    rs.getString("decision_key"),
                    rs.getInt("decision_version"),
                    rs.getString("definition_id"),
                    rs.getString("outcome"),
                    ruleIds(rs.getString("rule_ids")),
                    rs.getTimestamp("decided_at").toInstant()))
        .list();
  }

  /**
   * One insert per evaluation, as before the replay existed: the matched rows and the inputs are
   * two more columns of it (the journeys make about ten evaluations each).
   */
  private void record(
      String applicationId,
      String decisionKey,
      CamundaParsedTable decision,
      String outcome,
      List<String> ruleIds,
      Map<String, Object> inputs) {
    jdbc.sql(
            """
        insert into decision_record (id, application_id, decision_key, decision_version,
          definition_id, outcome, rule_ids, inputs, decided_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            Ids.newId(),
            applicationId,
            decisionKey,
            decision.version(),
            decision.definitionId(),
            outcome,
            ruleIds.isEmpty() ? null : String.join(",", ruleIds),
            RecordedInputs.compact(decisionKey, inputs),
            Timestamp.from(clock.instant()))
        .update();
  }

  static List<String> ruleIds(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
  }

  /** A parsed table, its deployed definition and the name of its main (first) output column. */
  private record CamundaParsedTable(
      DmnDecision decision, String definitionId, int version, String mainOutput) {}

  /** The main output of the matching row, as a tag value. */
  static String outcome(String mainOutput, Map<String, Object> outputs) {
    Object main = mainOutput == null ? null : outputs.get(mainOutput);
    if (main == null) {
      return "none";
    }
    if (main instanceof Boolean b) {
      return b ? mainOutput : "not_" + mainOutput;
    }
    String value = main.toString();
    // a tag value, not free text: a table's outputs are short codes
    return value.length() > 64 ? value.substring(0, 64) : value;
  }

  /**
   * {@code tempid.decisions{decision, version, outcome, reason}}: besides the outcome, the version
   * of the table that decided and its {@code reasonCode} output (a short code; {@code none} when
   * the table has none), so a new table version's effect shows on the dashboard.
   */
  private Counter counter(
      String decisionKey, CamundaParsedTable table, String outcome, Object reasonCode) {
    String reason = reasonCode == null ? "none" : reasonCode.toString();
    return Counter.builder("tempid.decisions")
        .description("Decisions made for applications by decision table, version and main output")
        .tag("decision", decisionKey)
        .tag("version", String.valueOf(table.version()))
        .tag("outcome", outcome)
        .tag("reason", reason.length() > 64 ? reason.substring(0, 64) : reason)
        .register(meters);
  }

  /**
   * The latest deployed version of a table, from memory while this node hears every node's
   * deployments (on PostgreSQL, while its LISTEN connection is up) and for at most {@link
   * #LATEST_CACHE}: each evaluation used to look it up ({@code ACT_RE_DECISION_DEF}, about ten
   * lookups per journey).
   */
  private CamundaParsedTable latest(String decisionKey) {
    Instant now = clock.instant();
    Latest cached = changes.listening() ? latestByKey.get(decisionKey) : null;
    if (cached != null
        && !now.isBefore(cached.readAt())
        && now.isBefore(cached.readAt().plus(LATEST_CACHE))) {
      return cached.table();
    }
    long before = generation.get();
    CamundaParsedTable read = readLatest(decisionKey);
    if (generation.get() == before) {
      latestByKey.put(decisionKey, new Latest(read, now));
    }
    return read;
  }

  private CamundaParsedTable readLatest(String decisionKey) {
    DecisionDefinition definition =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey(decisionKey)
            .withoutTenantId()
            .latestVersion()
            .singleResult();
    if (definition == null) {
      throw new IllegalStateException("Decision '" + decisionKey + "' is not deployed");
    }
    return parsedByDefinitionId.computeIfAbsent(
        definition.getId(), id -> parse(id, definition.getVersion(), decisionKey));
  }

  private CamundaParsedTable parse(String definitionId, int version, String decisionKey) {
    try (InputStream model = repository.getDecisionModel(definitionId)) {
      DmnDecision decision = dmnEngine.parse(decisionKey, model);
      return new CamundaParsedTable(
          decision, definitionId, version, DmnEvaluator.mainOutput(decision));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
