package cn.railway.tempid.shared.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells failures of the infrastructure apart from our own bugs, by the exception chain (Spring's,
 * the engine's, MyBatis' and the JDBC driver's wrappers all keep their cause):
 *
 * <ul>
 *   <li>the database cannot be reached, or did not answer in time (no connection within the pool's
 *       acquisition timeout, a broken connection, SQLSTATE class {@code 08}, a server shutting down
 *       {@code 57P0x}, a statement or lock timeout {@code 57014}/{@code 55P03}, too many
 *       connections {@code 53300}): {@code 503 SERVICE_UNAVAILABLE} with {@code Retry-After};
 *   <li>the database refused a value the client sent (SQLSTATE class {@code 22}, data exception: a
 *       NUL character, a string too long for its column, …): {@code 400 VALIDATION_FAILED}. The
 *       request's own validation should have caught it first; this is the safety net, so that no
 *       request answers 500 because of what the client sent.
 * </ul>
 *
 * Neither answer quotes the exception's message (it may hold a submitted value).
 */
@Component
@EnableConfigurationProperties(InfrastructureFailureProperties.class)
public class InfrastructureFailures {
  /** SQLSTATE prefixes of "the database is not there or not answering" (PostgreSQL codes). */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("08", "57P01", "57P02", "57P03", "57014", "55P03", "53300", "53400");

  /** What HikariCP's proxy of an evicted (broken) connection throws, without a SQLSTATE. */
  private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

  /** A bound on the exceptions looked at (a chain is short; a hostile graph is not walked on). */
  private static final int MAX_EXCEPTIONS_WALKED = 64;

  private final long retryAfterSeconds;

  public InfrastructureFailures(InfrastructureFailureProperties settings) {
    this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
  }

  /** What a request that failed with {@code failure} answers; empty for our own bugs (500). */
  public Optional<ApiException> translate(Throwable failure) {
    return switch (classify(failure)) {
      case DATABASE_UNAVAILABLE ->
          Optional.of(
              new ApiException(
                  ProblemCode.SERVICE_UNAVAILABLE,
                  ProblemCode.SERVICE_UNAVAILABLE.messageEn(),
                  Map.of(ApiException.RETRY_AFTER_SECONDS, retryAfterSeconds)));
      case VALUE_REFUSED ->
          Optional.of(
              ApiException.invalidField(
                  "$", "UNSTORABLE_VALUE", "A value of the request cannot be stored."));
      case MALFORMED_FRAMING ->
          Optional.of(
              new ApiException(
                  ProblemCode.VALIDATION_FAILED,
                  "The request body could not be read: its HTTP framing (chunked encoding) is"
                      + " malformed."));
      case OTHER -> Optional.empty();
    };
  }

  /** The kinds of failure told apart here. */
  public enum Kind {
    DATABASE_UNAVAILABLE,
    VALUE_REFUSED,
    /**
     * The body's HTTP framing is broken (a chunk size that is not hex, a chunked body cut short):
     * Tomcat reports it while the body is read; the client sent it, so it is a 400.
     */
    MALFORMED_FRAMING,
    OTHER
  }

  /**
   * Walks every exception the failure carries: causes, suppressed exceptions, the application
   * exception of a {@link TransactionSystemException} and the next exceptions of a {@link
   * SQLException}, loops aside. "Unavailable" anywhere wins: when PostgreSQL dies under an open
   * transaction, the request fails on the broken connection (SQLSTATE {@code 08006}), the pool
   * evicts that connection, and the rollback then fails on it with a state-less "Connection is
   * closed": Spring throws the rollback's {@code TransactionSystemException} ("Application
   * exception overridden by rollback exception") and keeps the original failure only as its
   * application exception, outside the cause chain.
   */
  public static Kind classify(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    boolean valueRefused = false;
    boolean malformed = false;
    while (!pending.isEmpty() && seen.size() < MAX_EXCEPTIONS_WALKED) {
      Throwable t = pending.poll();
      if (t == null || seen.put(t, true) != null) {
        continue;
      }
      Kind kind = kindOf(t);
      if (kind == Kind.DATABASE_UNAVAILABLE) {
        return kind;
      }
      valueRefused |= kind == Kind.VALUE_REFUSED;
      malformed |= kind == Kind.MALFORMED_FRAMING;
      Stream.concat(Stream.of(t.getCause()), Arrays.stream(t.getSuppressed()))
          .filter(Objects::nonNull)
          .forEach(pending::add);
      if (t instanceof TransactionSystemException system
          && system.getApplicationException() != null) {
        pending.add(system.getApplicationException());
      }
      if (t instanceof SQLException sql && sql.getNextException() != null) {
        pending.add(sql.getNextException());
      }
    }
    return valueRefused ? Kind.VALUE_REFUSED : malformed ? Kind.MALFORMED_FRAMING : Kind.OTHER;
  }

  /** What one exception of the chain says by itself. */
  private static Kind kindOf(Throwable t) {
    if (t instanceof org.apache.coyote.BadRequestException
        && !(t instanceof org.apache.catalina.connector.ClientAbortException)) {
      // (Tomcat's "the client went away" is a subclass: nobody sent anything malformed)
      return Kind.MALFORMED_FRAMING;
    }
    if (t instanceof SQLTransientConnectionException // Hikari: no connection within the timeout
        || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException
        || t instanceof SQLTimeoutException
        || t instanceof CannotCreateTransactionException
        || t instanceof DataAccessResourceFailureException
        || t instanceof TransientDataAccessResourceException
        || t instanceof QueryTimeoutException) {
      return Kind.DATABASE_UNAVAILABLE;
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      if (state == null) {
        // the pool's stand-in for a connection it evicted as broken (HikariCP's ClosedConnection
        // throws this without a SQLSTATE): the database went away under this request
        return HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())
            ? Kind.DATABASE_UNAVAILABLE
            : Kind.OTHER;
      }
      if (UNAVAILABLE_STATES.stream().anyMatch(state::startsWith)) {
        return Kind.DATABASE_UNAVAILABLE;
      }
      if (state.startsWith("22")) {
        return Kind.VALUE_REFUSED;
      }
    }
    return Kind.OTHER;
  }
}
