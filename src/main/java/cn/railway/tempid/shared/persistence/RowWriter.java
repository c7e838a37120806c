package cn.railway.tempid.shared.persistence;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a feature's multi-row inserts go: executed at once ({@link #now}, in the caller's
 * transaction if any), or gathered with other features' inserts into one statement ({@link
 * GatheredInserts}). The feature keeps its tables and columns to itself; the caller decides how the
 * rows travel.
 */
public interface RowWriter {

  /** Inserts {@code rows} (one value per column each) with {@code insert}; nothing if empty. */
  void insert(MultiRowInsert insert, List<Object[]> rows);

  /** Each insert executed when it is handed in. */
  static RowWriter now(JdbcTemplate jdbc) {
    return (insert, rows) -> {
      if (!rows.isEmpty()) {
        insert.insert(jdbc, rows);
      }
    };
  }
}
