package cn.railway.tempid.shared.problem;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PreDestroy;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Camunda logs every command that fails as {@code ENGINE-16004 Exception while closing command
 * context: <message>} at ERROR with the whole stack trace. When the database is away (or refused a
 * value) that is one stack trace per failed request — dozens a second in an outage — and the
 * driver's message may quote a submitted value. Those failures are answered 503 (or 400) by {@link
 * ProblemHandler}, which logs one line per request; here the engine's line becomes one WARN line
 * without stack or message: the kind of failure and the exception's class. Every other ENGINE-16004
 * (our own bugs) is logged by the engine as before.
 *
 * <p>The same for Spring's {@code Application exception overridden by rollback exception} (ERROR,
 * with the stack of the first failure, 30 KB a request): when the database dies under an open
 * transaction the rollback fails too; the request is answered 503 all the same.
 */
@Component
class InfrastructureFailureLogFilter extends TurboFilter {
  static final String LOGGER = "cn.railway.tempid.engine.CommandFailures";
  private static final String ENGINE_COMMAND_FAILED = "ENGINE-16004";
  private static final String ROLLBACK_FAILED =
      "Application exception overridden by rollback exception";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final LoggerContext context;

  InfrastructureFailureLogFilter() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    this.context = factory instanceof LoggerContext logback ? logback : null;
    if (context != null) {
      setName("infrastructure-failure-log-filter");
      start();
      context.addTurboFilter(this);
    }
  }

  @PreDestroy
  void remove() {
    if (context != null) {
      context.getTurboFilterList().remove(this);
    }
  }

  @Override
  public FilterReply decide(
      Marker marker,
      ch.qos.logback.classic.Logger logger,
      Level level,
      String format,
      Object[] params,
      Throwable t) {
    if (format == null) {
      return FilterReply.NEUTRAL;
    }
    String what;
    if (format.startsWith(ENGINE_COMMAND_FAILED)
        && logger.getName().startsWith("org.camunda.bpm.engine")) {
      what = ENGINE_COMMAND_FAILED + " engine command failed";
    } else if (format.equals(ROLLBACK_FAILED)
        && logger.getName().startsWith("org.springframework.transaction")) {
      what = "Transaction failed and its rollback too";
    } else {
      return FilterReply.NEUTRAL;
    }
    Throwable failure = t;
    if (failure == null && params != null && params.length > 0) {
      failure = params[params.length - 1] instanceof Throwable last ? last : null;
    }
    if (failure == null) {
      return FilterReply.NEUTRAL;
    }
    InfrastructureFailures.Kind kind = InfrastructureFailures.classify(failure);
    if (kind == InfrastructureFailures.Kind.OTHER) {
      return FilterReply.NEUTRAL;
    }
    log.warn("{}, {}: {}", what, kind, failure.getClass().getName());
    return FilterReply.DENY;
  }
}
