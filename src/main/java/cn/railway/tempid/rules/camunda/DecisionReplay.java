package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.shared.persistence.Ids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a candidate decision table would change: evaluated, without deploying anything, against the
 * recorded inputs of every evaluation of that decision in the last {@code
 * tempid.retention.decision-inputs} (30 days), and compared with the outcome recorded then.
 *
 * <p>Sized for a month of national traffic (about 1.3 million evaluations of one table) in well
 * under a minute on one node (docs/performance.md): the rows are streamed from one read-only query
 * (a cursor of {@value #FETCH_SIZE} rows, never a list of the month), evaluated in batches of
 * {@value #BATCH} by {@code tempid.decisions.replay-threads} threads with a DMN engine of the
 * replay's own, whose FEEL engine parses the candidate's texts once ({@link ParsedOnceFeelEngine}),
 * and only counters are kept. A row the candidate cannot evaluate counts as {@code error}, one no
 * row matches as {@code no_match}.
 */
@Component
@EnableConfigurationProperties(RulesProperties.class)
class DecisionReplay {
  static final int FETCH_SIZE = 5000;
  static final int BATCH = 2000;

  private final JdbcTemplate streaming;
  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;
  private final Clock clock;
  private final Duration window;
  private final int threads;
  private final ObjectMapper json;
  private final DmnEvaluator evaluator = new DmnEvaluator();

  DecisionReplay(
      JdbcTemplate jdbcTemplate,
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      Clock clock,
      ObjectMapper json,
      RulesProperties properties) {
    this.streaming = new JdbcTemplate(jdbcTemplate.getDataSource());
    this.streaming.setFetchSize(FETCH_SIZE);
    this.jdbc = jdbc;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.clock = clock;
    this.json = json;
    this.window = properties.retention().decisionInputs();
    this.threads = properties.decisions().replayThreads();
  }

  record Change(String from, String to, long count) {}

  record RuleCount(String ruleId, long count) {}

  /** The answer of {@code POST /decisions/{key}/replay}. */
  record Summary(
      String decisionKey,
      long evaluated,
      long unchanged,
      List<Change> changed,
      List<RuleCount> byRule,
      Instant from,
      Instant to) {}

  /** The candidate does not pass the rule gate, or cannot be read as the decision. */
  static final class GateFailed extends RuntimeException {
    final List<String> errors;

    GateFailed(List<String> errors) {
      super("the candidate fails the rule gate");
      this.errors = List.copyOf(errors);
    }
  }

  /** Parses the candidate (through the gate first); {@link GateFailed} when it does not pass. */
  DmnDecision candidate(String decisionKey, byte[] xml) {
    String resource = decisionKey + ".dmn";
    List<String> problems = DeploymentGate.problems(resource, xml);
    if (!problems.isEmpty()) {
      throw new GateFailed(problems);
    }
    try {
      return evaluator.parse(decisionKey, new ByteArrayInputStream(xml));
    } catch (RuntimeException unreadable) {
      throw new GateFailed(
          List.of(
              resource
                  + ": not a decision table with the id '"
                  + decisionKey
                  + "' the engine can read ("
                  + unreadable.getMessage()
                  + ")"));
    }
  }

  /** Replays the candidate over the recorded month and keeps the summary with the file's hash. */
  Summary replay(String decisionKey, byte[] xml, String replayedBy) {
    DmnDecision candidate = candidate(decisionKey, xml);
    Instant to = clock.instant();
    Summary summary = replay(decisionKey, candidate, to.minus(window), to);
    try {
      jdbc.sql(
              """
          insert into decision_replay (id, decision_key, xml_sha256, replayed_by, replayed_at,
            summary)
          values (?, ?, ?, ?, ?, ?)""")
          .params(
              Ids.newId(),
              decisionKey,
              DecisionDeployments.sha256(xml),
              replayedBy,
              Timestamp.from(to),
              json.writeValueAsString(summary))
          .update();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return summary;
  }

  Summary replay(String decisionKey, DmnDecision candidate, Instant from, Instant to) {
    String mainOutput = DmnEvaluator.mainOutput(candidate);
    Map<String, LongAdder> changes = new ConcurrentHashMap<>();
    Map<String, LongAdder> rules = new ConcurrentHashMap<>();
    LongAdder evaluated = new LongAdder();
    LongAdder unchanged = new LongAdder();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore inFlight = new Semaphore(threads * 2);
    List<Future<?>> batches = new ArrayList<>();
    try {
      readOnly.executeWithoutResult(
          tx -> {
            List<String[]> batch = new ArrayList<>(BATCH);
            streaming.query(
                """
                select outcome, inputs from decision_record
                where decision_key = ? and decided_at >= ? and decided_at <= ?
                  and inputs is not null""",
                rs -> {
                  batch.add(new String[] {rs.getString(1), rs.getString(2)});
                  if (batch.size() == BATCH) {
                    submit(
                        pool,
                        inFlight,
                        batches,
                        List.copyOf(batch),
                        candidate,
                        mainOutput,
                        changes,
                        rules,
                        evaluated,
                        unchanged);
                    batch.clear();
                  }
                },
                decisionKey,
                Timestamp.from(from),
                Timestamp.from(to));
            if (!batch.isEmpty()) {
              submit(
                  pool,
                  inFlight,
                  batches,
                  List.copyOf(batch),
                  candidate,
                  mainOutput,
                  changes,
                  rules,
                  evaluated,
                  unchanged);
            }
          });
      for (Future<?> done : batches) {
        done.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("replay failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<Change> changed = new ArrayList<>();
    changes.forEach(
        (fromTo, count) -> {
          String[] parts = fromTo.split("\u0000", 2);
          changed.add(new Change(parts[0], parts[1], count.sum()));
        });
    changed.sort(
        Comparator.comparingLong(Change::count)
            .reversed()
            .thenComparing(Change::from)
            .thenComparing(Change::to));
    List<RuleCount> byRule = new ArrayList<>();
    rules.forEach((rule, count) -> byRule.add(new RuleCount(rule, count.sum())));
    byRule.sort(
        Comparator.comparingLong(RuleCount::count).reversed().thenComparing(RuleCount::ruleId));
    return new Summary(decisionKey, evaluated.sum(), unchanged.sum(), changed, byRule, from, to);
  }

  @SuppressWarnings("java:S107")
  private void submit(
      ExecutorService pool,
      Semaphore inFlight,
      List<Future<?>> batches,
      List<String[]> rows,
      DmnDecision candidate,
      String mainOutput,
      Map<String, LongAdder> changes,
      Map<String, LongAdder> rules,
      LongAdder evaluated,
      LongAdder unchanged) {
    try {
      inFlight.acquire(); // the reader waits for the evaluators: a bounded number of batches
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    }
    batches.add(
        pool.submit(
            () -> {
              try {
                evaluate(rows, candidate, mainOutput, changes, rules, evaluated, unchanged);
              } finally {
                inFlight.release();
              }
            }));
  }

  private void evaluate(
      List<String[]> rows,
      DmnDecision candidate,
      String mainOutput,
      Map<String, LongAdder> changes,
      Map<String, LongAdder> rules,
      LongAdder evaluated,
      LongAdder unchanged) {
    Map<String, long[]> localChanges = new HashMap<>();
    Map<String, long[]> localRules = new HashMap<>();
    long same = 0;
    for (String[] row : rows) {
      String recorded = row[0];
      String now;
      try {
        DmnEvaluator.Evaluation evaluation =
            evaluator.evaluate(candidate, RecordedInputs.read(row[1]));
        DmnDecisionResultEntries first = evaluation.result().getFirstResult();
        now =
            first == null
                ? "no_match"
                : CamundaDecisionRules.outcome(mainOutput, first.getEntryMap());
        for (String ruleId : evaluation.ruleIds()) {
          localRules.computeIfAbsent(ruleId, k -> new long[1])[0]++;
        }
      } catch (RuntimeException failed) {
        now = "error";
      }
      if (now.equals(recorded)) {
        same++;
      } else {
        localChanges.computeIfAbsent(recorded + "\u0000" + now, k -> new long[1])[0]++;
      }
    }
    evaluated.add(rows.size());
    unchanged.add(same);
    localChanges.forEach((k, v) -> changes.computeIfAbsent(k, x -> new LongAdder()).add(v[0]));
    localRules.forEach((k, v) -> rules.computeIfAbsent(k, x -> new LongAdder()).add(v[0]));
  }
}
