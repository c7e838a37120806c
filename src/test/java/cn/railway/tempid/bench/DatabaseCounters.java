package cn.railway.tempid.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database saw: committed transactions ({@code pg_stat_database.xact_commit}) and row
 * writes ({@code n_tup_ins + n_tup_upd + n_tup_del} over {@code pg_stat_user_tables}) of one
 * database, the engine's job backlog, and the statements {@code pg_stat_statements} counted.
 *
 * <p>PostgreSQL publishes a backend's counters when it goes idle (at most every second, at the
 * latest after 10 s), so {@link #snapshot()} waits {@link #SETTLE_MILLIS} first. This class's own
 * statements on the measured database are counted and subtracted ({@link Snapshot#ownCommits}).
 */
final class DatabaseCounters implements AutoCloseable {
  static final long SETTLE_MILLIS = 11_000;

  record Snapshot(long commits, long rowWrites, long ownCommits, long atNanos) {
    /** Commits of everyone but this class between {@code before} and this snapshot. */
    long commitsSince(Snapshot before) {
      return commits - before.commits - (ownCommits - before.ownCommits);
    }

    long rowWritesSince(Snapshot before) {
      return rowWrites - before.rowWrites;
    }
  }

  private final String database;
  private final Connection measured;
  private final Connection superuser;
  private long ownCommits;

  DatabaseCounters(String measuredUrl, String user, String password, String superuserUrl)
      throws SQLException {
    this.measured = DriverManager.getConnection(measuredUrl, user, password);
    this.superuser = DriverManager.getConnection(superuserUrl, "postgres", "");
    this.database = measured.getCatalog();
    try (Statement s = superuser.createStatement()) {
      s.execute("set stats_fetch_consistency = none");
    }
    try (Statement s = measured.createStatement()) {
      s.execute("set stats_fetch_consistency = none");
    }
    ownCommits++;
  }

  /** Counters after the database's backends have published theirs. */
  Snapshot snapshot() throws SQLException, InterruptedException {
    Thread.sleep(SETTLE_MILLIS);
    return snapshotNow();
  }

  Snapshot snapshotNow() throws SQLException {
    long commits;
    try (PreparedStatement s =
        superuser.prepareStatement("select xact_commit from pg_stat_database where datname = ?")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        commits = rs.getLong(1);
      }
    }
    long writes;
    try (Statement s = measured.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables")) {
      rs.next();
      writes = rs.getLong(1);
    }
    ownCommits++;
    return new Snapshot(commits, writes, ownCommits, System.nanoTime());
  }

  /** Jobs due now with retries left: what the job executors still have to do. */
  long jobBacklog(Instant engineNow) throws SQLException {
    try (PreparedStatement s =
        measured.prepareStatement(
            "select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
                + " and (duedate_ is null or duedate_ <= ?)")) {
      s.setTimestamp(1, Timestamp.from(engineNow));
      try (ResultSet rs = s.executeQuery()) {
        ownCommits++;
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  long count(String sql) throws SQLException {
    try (Statement s = measured.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ownCommits++;
      rs.next();
      return rs.getLong(1);
    }
  }

  void resetStatements() throws SQLException {
    try (Statement s = superuser.createStatement()) {
      s.execute("select pg_stat_statements_reset()");
    }
  }

  /**
   * All statements of the measured database since the last reset, per request: how many ran and
   * their execution time in PostgreSQL (a steadier figure than CPU on a shared machine; planning
   * and protocol overhead not included).
   */
  Map<String, Object> statementTotals(double perRequestDivisor) throws SQLException {
    try (PreparedStatement s =
        superuser.prepareStatement(
            """
            select coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0)
            from pg_stat_statements s
            join pg_database d on d.oid = s.dbid where d.datname = ?""")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("statementsPerRequest", round(rs.getLong(1) / perRequestDivisor, 2));
        totals.put("execMillisPerRequest", round(rs.getDouble(2) / perRequestDivisor, 3));
        return totals;
      }
    }
  }

  /** The statements of the measured database that ran most often since the last reset. */
  List<Map<String, Object>> topStatements(int limit, double perJourneyDivisor) throws SQLException {
    List<Map<String, Object>> top = new ArrayList<>();
    try (PreparedStatement s =
        superuser.prepareStatement(
            """
            select calls, total_exec_time, rows, query from pg_stat_statements s
            join pg_database d on d.oid = s.dbid where d.datname = ?
            order by calls desc limit ?""")) {
      s.setString(1, database);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("callsPerJourney", round(rs.getLong(1) / perJourneyDivisor, 2));
          row.put("totalMillis", round(rs.getDouble(2), 1));
          row.put("rows", rs.getLong(3));
          String query = rs.getString(4).replaceAll("\\s+", " ");
          row.put("query", query.length() > 160 ? query.substring(0, 160) + "…" : query);
          top.add(row);
        }
      }
    }
    return top;
  }

  /**
   * Where the measured database's execution time went since the last reset, statements that differ
   * only in their number of rows ({@code in ($1, $2)}, multi-row inserts) counted as one.
   */
  List<Map<String, Object>> statementsByTime(int limit, double perRequestDivisor)
      throws SQLException {
    List<Map<String, Object>> top = new ArrayList<>();
    try (PreparedStatement s =
        superuser.prepareStatement(
            """
            select sum(calls), sum(total_exec_time), sum(rows), q from (
              select calls, total_exec_time, rows,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as q
              from pg_stat_statements s join pg_database d on d.oid = s.dbid
              where d.datname = ?) t
            group by q order by 2 desc limit ?""")) {
      s.setString(1, database);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("callsPerRequest", round(rs.getLong(1) / perRequestDivisor, 3));
          row.put("execMillisPerRequest", round(rs.getDouble(2) / perRequestDivisor, 4));
          row.put("rows", rs.getLong(3));
          row.put("query", rs.getString(4) + "…");
          top.add(row);
        }
      }
    }
    return top;
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  @Override
  public void close() throws SQLException {
    measured.close();
    superuser.close();
  }
}
