package cn.railway.tempid.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.ProcessEngineLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.slf4j.LoggerFactory;

/**
 * Issue 8: a submission that answers 503 because the database went away made the engine log {@code
 * ENGINE-16004} with a whole stack trace and the driver's message. Through the engine's own logger:
 * one WARN line without stack or message for such failures; our own bugs keep the engine's ERROR
 * with its stack.
 */
class InfrastructureFailureLogFilterTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private InfrastructureFailureLogFilter filter;

  @BeforeEach
  void capture() {
    events.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    filter = new InfrastructureFailureLogFilter();
  }

  @AfterEach
  void release() {
    filter.remove();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(events);
  }

  @Test
  void theDatabaseGoneIsOneWarnLineWithoutStackOrMessage() {
    String personal = "110105199001011234";
    ProcessEngineException failure =
        new ProcessEngineException(
            "ENGINE-03004 " + personal,
            new PersistenceException(
                "### Error updating database " + personal,
                new PSQLException(
                    "An I/O error occurred while sending to the backend.",
                    PSQLState.CONNECTION_FAILURE)));

    ProcessEngineLogger.CONTEXT_LOGGER.errorException(failure);

    assertThat(events.list).hasSize(1);
    ILoggingEvent line = events.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getLoggerName()).isEqualTo(InfrastructureFailureLogFilter.LOGGER);
    assertThat(line.getThrowableProxy()).isNull();
    assertThat(line.getFormattedMessage())
        .startsWith("ENGINE-16004")
        .contains("DATABASE_UNAVAILABLE", ProcessEngineException.class.getName())
        .doesNotContain(personal, "I/O");
  }

  @Test
  void ourOwnBugsKeepTheEnginesErrorWithItsStack() {
    ProcessEngineLogger.CONTEXT_LOGGER.errorException(
        new ProcessEngineException("bug", new SQLException("syntax error", "42601")));

    assertThat(events.list).hasSize(1);
    ILoggingEvent line = events.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.ERROR);
    assertThat(line.getFormattedMessage()).startsWith("ENGINE-16004");
    assertThat(line.getThrowableProxy()).isNotNull();
  }

  @Test
  void aRollbackThatFailsAsTheDatabaseDiesIsOneWarnLine() {
    ProcessEngineException failure =
        new ProcessEngineException(
            "An exception occurred in the persistence layer.",
            new PersistenceException(
                "### Error querying database.",
                new PSQLException(
                    "An I/O error occurred while sending to the backend.",
                    PSQLState.CONNECTION_FAILURE)));

    LoggerFactory.getLogger(org.springframework.transaction.support.TransactionTemplate.class)
        .error("Application exception overridden by rollback exception", failure);

    assertThat(events.list).hasSize(1);
    ILoggingEvent line = events.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getThrowableProxy()).isNull();
    assertThat(line.getFormattedMessage())
        .contains("DATABASE_UNAVAILABLE", ProcessEngineException.class.getName())
        .doesNotContain("I/O");
  }
}
