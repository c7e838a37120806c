package cn.railway.tempid.shared.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several rows of one table written as one {@code INSERT ... VALUES (..), (..)} statement, instead
 * of a JDBC batch of single-row statements: PostgreSQL plans and executes one statement for the
 * rows, not one each. The statement is built for the number of rows (and reused for that number, so
 * the driver prepares it once); very large lists are split so that a statement stays under the
 * protocol's parameter limit. Only for the caller's own tables: the driver-wide {@code
 * reWriteBatchedInserts} would change the engine's inserts too.
 */
public final class MultiRowInsert {
  /** PostgreSQL's wire protocol allows 65,535 parameters; stay well below. */
  static final int MAX_PARAMETERS = 30_000;

  private final String head;
  private final String tail;
  private final int columns;
  private final String row;
  private final ConcurrentMap<Integer, String> statements = new ConcurrentHashMap<>();

  /**
   * @param table the table
   * @param columns its columns, in the order of each row's values
   * @param tail what follows the values (e.g. {@code on conflict do nothing}), or empty
   */
  public MultiRowInsert(String table, List<String> columns, String tail) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("an insert needs columns");
    }
    this.head = "insert into " + table + " (" + String.join(", ", columns) + ") values ";
    this.tail = tail.isEmpty() ? "" : " " + tail;
    this.columns = columns.size();
    this.row = "(" + "?, ".repeat(columns.size() - 1) + "?)";
  }

  /** Inserts the rows (each with one value per column) in as few statements as the limit allows. */
  public void insert(JdbcTemplate jdbc, List<Object[]> rows) {
    int perStatement = Math.max(1, MAX_PARAMETERS / columns);
    for (int from = 0; from < rows.size(); from += perStatement) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
      jdbc.update(sql(chunk.size()), values(chunk).toArray());
    }
  }

  /** The rows' values in the order of {@link #sql}'s parameters. */
  List<Object> values(List<Object[]> rows) {
    List<Object> args = new ArrayList<>(rows.size() * columns);
    for (Object[] r : rows) {
      if (r.length != columns) {
        throw new IllegalArgumentException("a row has one value per column");
      }
      for (Object value : r) {
        args.add(value);
      }
    }
    return args;
  }

  /** The statement for {@code rows} rows. */
  String sql(int rows) {
    return statements.computeIfAbsent(
        rows,
        n -> {
          StringBuilder sql = new StringBuilder(head.length() + n * (row.length() + 2) + 32);
          sql.append(head);
          for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
          }
          return sql.append(tail).toString();
        });
  }
}
