package cn.railway.tempid.shared.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Which database the service runs on, for the few statements that differ (upserts). */
public final class Databases {
  private Databases() {}

  /** True on PostgreSQL (the production database), false on H2 (the embedded demo and tests). */
  public static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new IllegalStateException("the database cannot be reached", e);
    }
  }
}
