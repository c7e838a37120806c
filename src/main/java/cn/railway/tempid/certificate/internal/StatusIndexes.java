package cn.railway.tempid.certificate.internal;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;
import org.springframework.stereotype.Component;

/**
 * Allocates status-list indices from the database sequence {@code certificate_status_index_seq}:
 * unique across nodes without a lock, never handed out twice (a rolled-back issue leaves a gap,
 * which the status list shows as VALID like any unused index).
 */
@Component
public class StatusIndexes {
  static final String SEQUENCE = "certificate_status_index_seq";

  private final DataFieldMaxValueIncrementer sequence;

  StatusIndexes(DataSource dataSource) {
    String product;
    try {
      product =
          JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException("cannot tell which database holds the certificates", e);
    }
    this.sequence =
        switch (product) {
          case "PostgreSQL" -> new PostgresSequenceMaxValueIncrementer(dataSource, SEQUENCE);
          case "H2" -> new H2SequenceMaxValueIncrementer(dataSource, SEQUENCE);
          default -> throw new IllegalStateException("no status-index sequence for " + product);
        };
  }

  /** The next free index; joins the caller's transaction's connection. */
  public long next() {
    return sequence.nextLongValue();
  }
}
