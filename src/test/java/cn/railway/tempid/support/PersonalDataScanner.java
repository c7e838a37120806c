package cn.railway.tempid.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Searches everything the service writes for personal data in plain: captured log output, the
 * engine's runtime and history (variables, variable updates, business keys, tasks, incidents, job
 * failures, decisions) and every table of the schema (domain, {@code ACT_*} and {@code QRTZ_*}),
 * text columns and byte columns decoded as UTF-8.
 *
 * <p>Needles are full names and full ID numbers only; for an ID number also its lower-case-x and
 * its 17-digit (check character left off) forms. Masked values ({@code 张*}, {@code
 * 1101**********002X}) contain none of them, so they never count. A finding names where (log line,
 * variable, table.column) and the needle's kind and number ("ID number #1"), never the needle
 * itself: test output is logs too. Log excerpts in findings have every needle redacted.
 *
 * <p>Plain test helper (not a bean): usable with any context, H2 or PostgreSQL.
 */
public final class PersonalDataScanner {
  /** One form of a person's datum to look for; {@code label} is what a finding shows. */
  public record Needle(String label, String value) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** A plain hit: where, and which needle (by label). */
  public record Hit(String where, String needle, String redactedExcerpt) {
    @Override
    public String toString() {
      return where
          + ": "
          + needle
          + (redactedExcerpt == null ? "" : " in «" + redactedExcerpt + "»");
    }
  }

  private final List<Needle> needles = new ArrayList<>();
  private final List<Hit> hits = new ArrayList<>();
  private final Map<String, Integer> scanned = new LinkedHashMap<>();
  private int names;
  private int idNumbers;

  /** A full name (e.g. 欧阳娜娜); also looked for JSON-escaped (\\uXXXX), as JSON logs may write it. */
  public PersonalDataScanner name(String name) {
    if (name.length() < 2) {
      throw new IllegalArgumentException("a one-character needle would match masked names");
    }
    String label = "name #" + (++names);
    needles.add(new Needle(label, name));
    needles.add(new Needle(label + " (JSON-escaped)", jsonEscaped(name, false)));
    needles.add(new Needle(label + " (JSON-escaped)", jsonEscaped(name, true)));
    return this;
  }

  /** A full 18-character ID number; also its lower-case-x and 17-digit forms. */
  public PersonalDataScanner idNumber(String idNumber) {
    if (idNumber.length() != 18) {
      throw new IllegalArgumentException("an 18-character resident ID number is expected");
    }
    String label = "ID number #" + (++idNumbers);
    String upper = idNumber.toUpperCase(Locale.ROOT);
    needles.add(new Needle(label, upper));
    if (upper.endsWith("X")) {
      needles.add(new Needle(label + " (lower-case x)", upper.substring(0, 17) + "x"));
    }
    needles.add(new Needle(label + " (17-digit prefix)", upper.substring(0, 17)));
    return this;
  }

  /** Any other full datum of the journeys (e.g. a passport number), labelled by kind. */
  public PersonalDataScanner other(String kind, String value) {
    needles.add(new Needle(kind, value));
    return this;
  }

  public List<Needle> needles() {
    return List.copyOf(needles);
  }

  public List<Hit> hits() {
    return List.copyOf(hits);
  }

  /** How many items were searched per source (so a test can prove a scan was not vacuous). */
  public Map<String, Integer> scanned() {
    return Map.copyOf(scanned);
  }

  /** Findings as a failure message: where and the needle's kind, never the needle. */
  public String report() {
    StringBuilder sb = new StringBuilder(hits.size() + " plain hit(s) of personal data:");
    hits.forEach(h -> sb.append("\n  ").append(h));
    return sb.toString();
  }

  // --- matching ---------------------------------------------------------------------------

  /** Records a hit for each needle found in {@code text}; returns whether any was found. */
  public boolean scanText(String where, String text) {
    count(
        where.startsWith("log line")
            ? "log lines"
            : where.startsWith("table ") ? "database values" : "engine values");
    if (text == null || text.isEmpty()) {
      return false;
    }
    Set<String> found = new LinkedHashSet<>();
    for (Needle n : needles) {
      if (text.contains(n.value())) {
        found.add(n.label());
      }
    }
    // the 17-digit form is part of the full forms: report it only when it stands alone
    found.removeIf(
        label ->
            label.endsWith("(17-digit prefix)")
                && (found.contains(label.replace(" (17-digit prefix)", ""))
                    || found.contains(label.replace("(17-digit prefix)", "(lower-case x)"))));
    found.forEach(
        label -> {
          if (hits.stream().noneMatch(h -> h.where().equals(where) && h.needle().equals(label))) {
            hits.add(new Hit(where, label, null));
          }
        });
    return !found.isEmpty();
  }

  /** {@code text} with every needle replaced by its label. */
  public String redact(String text) {
    String out = text;
    for (Needle n : needles) {
      out = out.replace(n.value(), "<" + n.label() + ">");
    }
    return out;
  }

  private void count(String source) {
    scanned.merge(source, 1, Integer::sum);
  }

  // --- logs -------------------------------------------------------------------------------

  /** Every line of captured output (e.g. {@code CapturedOutput.getAll()}). */
  public PersonalDataScanner scanLog(String captured) {
    String[] lines = captured.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      int before = hits.size();
      if (scanText("log line " + (i + 1), lines[i])) {
        String excerpt = redact(lines[i]);
        excerpt = excerpt.length() > 400 ? excerpt.substring(0, 400) + "…" : excerpt;
        for (int h = before; h < hits.size(); h++) {
          Hit hit = hits.get(h);
          hits.set(h, new Hit(hit.where(), hit.needle(), excerpt));
        }
      }
    }
    return this;
  }

  // --- engine -----------------------------------------------------------------------------

  /** Runtime and history of the whole engine (every process instance, not only the journeys). */
  public PersonalDataScanner scanEngine(ProcessEngine engine) {
    RuntimeService runtime = engine.getRuntimeService();
    HistoryService history = engine.getHistoryService();
    ManagementService management = engine.getManagementService();
    TaskService tasks = engine.getTaskService();

    for (VariableInstance v :
        runtime.createVariableInstanceQuery().disableCustomObjectDeserialization().list()) {
      scanText("runtime variable name", v.getName());
      scanText("runtime variable: " + v.getName(), text(v.getTypedValue(), v::getValue));
    }
    for (HistoricVariableInstance v :
        history.createHistoricVariableInstanceQuery().disableCustomObjectDeserialization().list()) {
      scanText("historic variable name", v.getName());
      scanText("historic variable: " + v.getName(), text(v.getTypedValue(), v::getValue));
    }
    for (HistoricDetail d :
        history
            .createHistoricDetailQuery()
            .variableUpdates()
            .disableCustomObjectDeserialization()
            .list()) {
      HistoricVariableUpdate u = (HistoricVariableUpdate) d;
      scanText("historic variable update name", u.getVariableName());
      scanText(
          "historic variable update: " + u.getVariableName(), text(u.getTypedValue(), u::getValue));
    }
    for (ProcessInstance p : runtime.createProcessInstanceQuery().list()) {
      scanText("runtime business key", p.getBusinessKey());
    }
    for (HistoricProcessInstance p : history.createHistoricProcessInstanceQuery().list()) {
      scanText("historic business key", p.getBusinessKey());
      scanText("historic process instance delete reason", p.getDeleteReason());
    }
    for (Task t : tasks.createTaskQuery().list()) {
      scanText(
          "task: name/description/assignee",
          t.getName() + " " + t.getDescription() + " " + t.getAssignee());
      tasks.getTaskComments(t.getId()).forEach(c -> scanText("task comment", c.getFullMessage()));
    }
    for (HistoricTaskInstance t : history.createHistoricTaskInstanceQuery().list()) {
      scanText(
          "historic task: name/description/delete reason",
          t.getName() + " " + t.getDescription() + " " + t.getDeleteReason());
    }
    for (Incident i : runtime.createIncidentQuery().list()) {
      scanText("incident message", i.getIncidentMessage());
    }
    for (HistoricIncident i : history.createHistoricIncidentQuery().list()) {
      scanText("historic incident message", i.getIncidentMessage());
    }
    for (Job j : management.createJobQuery().withException().list()) {
      scanText("job exception message", j.getExceptionMessage());
      scanText("job exception stacktrace", management.getJobExceptionStacktrace(j.getId()));
    }
    for (HistoricJobLog log : history.createHistoricJobLogQuery().failureLog().list()) {
      scanText("historic job log exception message", log.getJobExceptionMessage());
      scanText(
          "historic job log stacktrace", history.getHistoricJobLogExceptionStacktrace(log.getId()));
    }
    for (HistoricDecisionInstance d :
        history
            .createHistoricDecisionInstanceQuery()
            .includeInputs()
            .includeOutputs()
            .disableCustomObjectDeserialization()
            .list()) {
      for (HistoricDecisionInputInstance in : d.getInputs()) {
        scanText("historic decision input", text(in.getTypedValue(), in::getValue));
      }
      for (HistoricDecisionOutputInstance out : d.getOutputs()) {
        scanText("historic decision output", text(out.getTypedValue(), out::getValue));
      }
    }
    return this;
  }

  private static String text(TypedValue typed, Supplier<Object> value) {
    if (typed instanceof SerializableValue s && s.getValueSerialized() != null) {
      return s.getValueSerialized();
    }
    Object v = typed != null ? typed.getValue() : value.get();
    if (v instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return String.valueOf(v);
  }

  // --- database ---------------------------------------------------------------------------

  private static final Set<Integer> TEXT =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.CLOB,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.NCLOB,
          Types.SQLXML,
          Types.OTHER,
          Types.JAVA_OBJECT,
          Types.ARRAY);
  private static final Set<Integer> BYTES =
      Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

  /**
   * Every table of the connection's schema: each character, text, CLOB, JSON or array column as
   * text, each byte column decoded as UTF-8. Returns the (upper-case) table names scanned.
   */
  public Set<String> scanDatabase(DataSource dataSource) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", null)) {
        while (rs.next()) {
          String type = rs.getString("TABLE_TYPE");
          if ("TABLE".equalsIgnoreCase(type) || "BASE TABLE".equalsIgnoreCase(type)) {
            names.add(rs.getString("TABLE_NAME"));
          }
        }
      }
      String quote = meta.getIdentifierQuoteString().trim();
      for (String table : names) {
        tables.add(table.toUpperCase(Locale.ROOT));
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select * from " + quote + table + quote)) {
          ResultSetMetaData columns = rs.getMetaData();
          while (rs.next()) {
            count("table row");
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              String where = "table " + table + "." + columns.getColumnName(i);
              int type = columns.getColumnType(i);
              if (BYTES.contains(type)) {
                byte[] bytes = rs.getBytes(i);
                if (bytes != null) {
                  scanText(where, new String(bytes, StandardCharsets.UTF_8));
                }
              } else if (TEXT.contains(type)) {
                scanText(where, rs.getString(i));
              }
            }
          }
        }
      }
    }
    return tables;
  }

  private static String jsonEscaped(String s, boolean upperHex) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      if (ch < 0x80) {
        sb.append(ch);
      } else {
        String hex = String.format("%04x", (int) ch);
        sb.append("\\u").append(upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
      }
    }
    return sb.toString();
  }
}
