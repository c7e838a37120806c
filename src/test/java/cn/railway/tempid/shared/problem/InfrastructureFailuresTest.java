package cn.railway.tempid.shared.problem;

import static cn.railway.tempid.shared.problem.InfrastructureFailures.Kind.DATABASE_UNAVAILABLE;
import static cn.railway.tempid.shared.problem.InfrastructureFailures.Kind.OTHER;
import static cn.railway.tempid.shared.problem.InfrastructureFailures.Kind.VALUE_REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.UnexpectedRollbackException;

/**
 * The exception chains the reliability command's nodes logged while PostgreSQL died under load
 * (scenarios c and d) and while the pool was exhausted: each is "the database is unavailable" (503
 * with Retry-After), never an unexplained 500.
 */
class InfrastructureFailuresTest {

  private static PSQLException ioError() {
    return new PSQLException(
        "An I/O error occurred while sending to the backend.",
        PSQLState.CONNECTION_FAILURE,
        new java.io.EOFException());
  }

  /** The request's statement failed on the dying connection, inside the engine. */
  private static RuntimeException engineFailure(SQLException sql) {
    return new ProcessEngineException(
        "ENGINE-03004 Exception while executing Database Operation",
        new PersistenceException("### Error updating database.", sql));
  }

  /**
   * Spring's rollback after that failure: Hikari has evicted the broken connection, so the rollback
   * fails on its closed stand-in, and the original failure is kept only as the application
   * exception ("Application exception overridden by rollback exception").
   */
  private static TransactionSystemException rollbackFailed(Throwable applicationException) {
    TransactionSystemException rollback =
        new TransactionSystemException(
            "Could not roll back JDBC transaction", new SQLException("Connection is closed"));
    rollback.initApplicationException(applicationException);
    return rollback;
  }

  /** Broken HTTP framing is the client's fault (400); a client that hung up is nobody's. */
  @Test
  void brokenFramingIsMalformed_butAClientThatWentAwayIsNot() {
    assertThat(
            InfrastructureFailures.classify(
                new org.springframework.http.converter.HttpMessageNotReadableException(
                    "unreadable",
                    new org.apache.coyote.BadRequestException("Invalid chunk header"),
                    null)))
        .isEqualTo(InfrastructureFailures.Kind.MALFORMED_FRAMING);
    assertThat(
            InfrastructureFailures.classify(
                new org.apache.catalina.connector.ClientAbortException(
                    new java.io.IOException("Broken pipe"))))
        .isEqualTo(OTHER);
  }

  @Test
  void aRollbackThatFailsAsTheDatabaseDiesIsUnavailable() {
    assertThat(InfrastructureFailures.classify(rollbackFailed(engineFailure(ioError()))))
        .isEqualTo(DATABASE_UNAVAILABLE);
    // the application exception alone tells it, even if the rollback's own failure does not
    TransactionSystemException rollback =
        new TransactionSystemException(
            "Could not roll back JDBC transaction",
            new SQLException("Cannot rollback when autoCommit is enabled.", "25P01"));
    rollback.initApplicationException(engineFailure(ioError()));
    assertThat(InfrastructureFailures.classify(rollback)).isEqualTo(DATABASE_UNAVAILABLE);
  }

  @Test
  void aCommitThatFailsOnAClosedConnectionIsUnavailable() {
    assertThat(
            InfrastructureFailures.classify(
                new TransactionSystemException(
                    "Could not commit JDBC transaction", new SQLException("Connection is closed"))))
        .isEqualTo(DATABASE_UNAVAILABLE);
  }

  @Test
  void aServerShuttingDownOrFullIsUnavailableThroughTheEngineAndMyBatis() {
    for (String state : new String[] {"57P01", "57P02", "57P03", "53300", "08006", "08001"}) {
      SQLException sql = new SQLException("terminating connection", state);
      assertThat(InfrastructureFailures.classify(engineFailure(sql)))
          .as(state)
          .isEqualTo(DATABASE_UNAVAILABLE);
      assertThat(
              InfrastructureFailures.classify(
                  new EnginePersistenceLoggerShape().persistenceFailure(sql)))
          .as(state)
          .isEqualTo(DATABASE_UNAVAILABLE);
      assertThat(
              InfrastructureFailures.classify(
                  new UncategorizedSQLException("insert", "insert into …", sql)))
          .as(state)
          .isEqualTo(DATABASE_UNAVAILABLE);
    }
  }

  @Test
  void poolExhaustionIsUnavailable() {
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "HikariPool-1 - Connection is not available, request timed out after 2001ms (total=20,"
                + " active=20, idle=0, waiting=3)");
    assertThat(
            InfrastructureFailures.classify(
                new CannotCreateTransactionException(
                    "Could not open JDBC Connection for transaction", timeout)))
        .isEqualTo(DATABASE_UNAVAILABLE);
    assertThat(
            InfrastructureFailures.classify(
                new ProcessEngineException(
                    "ENGINE-03083", new PersistenceException("### Error querying", timeout))))
        .isEqualTo(DATABASE_UNAVAILABLE);
  }

  @Test
  void anUnexpectedRollbackCausedByTheOutageIsUnavailableButAlonePointsAtABug() {
    assertThat(
            InfrastructureFailures.classify(
                new UnexpectedRollbackException(
                    "Transaction rolled back",
                    new PSQLException("x", PSQLState.CONNECTION_FAILURE))))
        .isEqualTo(DATABASE_UNAVAILABLE);
    assertThat(
            InfrastructureFailures.classify(
                new UnexpectedRollbackException(
                    "Transaction silently rolled back because it has been marked as rollback-only")))
        .isEqualTo(OTHER);
  }

  @Test
  void aFailureOnlyInASuppressedExceptionOrANextExceptionIsFound() {
    RuntimeException closing = new IllegalStateException("closing the command context failed");
    closing.addSuppressed(ioError());
    assertThat(InfrastructureFailures.classify(closing)).isEqualTo(DATABASE_UNAVAILABLE);

    SQLException batch = new SQLException("Batch entry 0 was aborted", "25P02");
    batch.setNextException(new SQLException("x", "57P01"));
    assertThat(InfrastructureFailures.classify(new RuntimeException(batch)))
        .isEqualTo(DATABASE_UNAVAILABLE);
  }

  @Test
  void ourOwnBugsAndRefusedValuesAreNotUnavailable() {
    assertThat(InfrastructureFailures.classify(new IllegalStateException("bug"))).isEqualTo(OTHER);
    assertThat(
            InfrastructureFailures.classify(
                new DataIntegrityViolationException(
                    "duplicate", new PSQLException("dup", PSQLState.UNIQUE_VIOLATION))))
        .isEqualTo(OTHER);
    assertThat(
            InfrastructureFailures.classify(
                engineFailure(new SQLException("invalid byte sequence", "22021"))))
        .isEqualTo(VALUE_REFUSED);
    assertThat(InfrastructureFailures.classify(new SQLException("some other message")))
        .isEqualTo(OTHER);
  }

  @Test
  void loopsEndTheWalk() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    a.addSuppressed(b);
    assertThat(InfrastructureFailures.classify(a)).isEqualTo(OTHER);
  }

  @Test
  void theAnswerIs503WithRetryAfterAndNoMessageOfTheDriver() {
    ApiException answer =
        new InfrastructureFailures(new InfrastructureFailureProperties(Duration.ofSeconds(5)))
            .translate(rollbackFailed(engineFailure(ioError())))
            .orElseThrow();
    assertThat(answer.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
    assertThat(answer.code().status().value()).isEqualTo(503);
    assertThat(answer.properties()).containsEntry(ApiException.RETRY_AFTER_SECONDS, 5L);
    assertThat(answer.getMessage()).doesNotContain("I/O", "backend", "Connection is closed");
  }

  /** How Camunda's persistence logger wraps a failed flush. */
  private static final class EnginePersistenceLoggerShape {
    RuntimeException persistenceFailure(SQLException sql) {
      return new org.camunda.bpm.engine.ProcessEnginePersistenceException(
          "ENGINE-03083 Exception while executing Batch Database Operations",
          new PersistenceException(sql));
    }
  }
}
