package cn.railway.tempid.shared.persistence;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * PostgreSQL only: the inserts several features hand in, sent with a final query as one statement
 * ({@code with w0 as (insert ...), w1 as (insert ...) select ...}). One round trip instead of one
 * per insert plus the commit's, and atomic without a transaction: the statement's inserts commit
 * together or not at all. The final query sees the database as it was before the statement: none of
 * the rows inserted with it. The inserts must not depend on each other's rows (PostgreSQL runs them
 * on one snapshot, in no promised order). At most {@link #MAX_PARAMETERS} values in all: a caller
 * with more rows writes them in a transaction instead ({@link #fits}).
 */
public final class GatheredInserts implements RowWriter {
  /** Below the protocol's 65,535 parameters of one statement, like {@link MultiRowInsert}'s. */
  public static final int MAX_PARAMETERS = MultiRowInsert.MAX_PARAMETERS;

  private final StringBuilder with = new StringBuilder();
  private final List<Object> args = new ArrayList<>();
  private int parts;

  /** Whether {@code values} more values still fit in the statement. */
  public boolean fits(int values) {
    return args.size() + values <= MAX_PARAMETERS;
  }

  @Override
  public void insert(MultiRowInsert insert, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<Object> values = insert.values(rows);
    if (!fits(values.size())) {
      throw new IllegalStateException(
          "more than " + MAX_PARAMETERS + " values for one statement: write them in a transaction");
    }
    with.append(parts == 0 ? "with " : ", ")
        .append('w')
        .append(parts++)
        .append(" as (")
        .append(insert.sql(rows.size()))
        .append(')');
    args.addAll(values);
  }

  /**
   * Sends the gathered inserts with {@code select} (its parameters {@code selectArgs}) as one
   * statement, and returns what {@code extractor} makes of the select's rows.
   */
  public <T> T query(
      JdbcTemplate jdbc, String select, List<Object> selectArgs, ResultSetExtractor<T> extractor) {
    if (!fits(selectArgs.size())) {
      throw new IllegalStateException(
          "more than " + MAX_PARAMETERS + " values for one statement: write them in a transaction");
    }
    List<Object> all = new ArrayList<>(args.size() + selectArgs.size());
    all.addAll(args);
    all.addAll(selectArgs);
    String sql = parts == 0 ? select : with + " " + select;
    return jdbc.query(sql, extractor, all.toArray());
  }
}
