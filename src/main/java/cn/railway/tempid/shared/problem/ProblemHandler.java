package cn.railway.tempid.shared.problem;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every failure into RFC 9457 problem details with a stable {@code code}. What the client
 * sent never answers 500, and no message echoes a submitted value (it may be an ID number).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final InfrastructureFailures failures;

  ProblemHandler(InfrastructureFailures failures) {
    this.failures = failures;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e) {
    ResponseEntity<Object> response =
        respond(Problems.of(e.code(), e.code().status(), e.getMessage(), e.properties()));
    if (e.properties().get(ApiException.RETRY_AFTER_SECONDS) instanceof Number seconds) {
      // 429 (and 503): when to try again, in seconds (RFC 9110 §10.2.3)
      return ResponseEntity.status(response.getStatusCode())
          .headers(response.getHeaders())
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()))
          .body(response.getBody());
    }
    return response;
  }

  /**
   * A provider or the registry is down (or its circuit breaker is open): 503 with Retry-After. The
   * request's transaction was rolled back, so nothing of it is stored.
   */
  @ExceptionHandler(DependencyUnavailableException.class)
  ResponseEntity<Object> unavailable(DependencyUnavailableException e) {
    log.warn("Dependency unavailable: {}", e.getMessage());
    return api(e.toProblem());
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraint(ConstraintViolationException e) {
    return respond(Problems.validation(ProblemCode.VALIDATION_FAILED, ValidationErrors.of(e)));
  }

  /** Parameter names the firewall refuses (e.g. a form body in another charset): bad input. */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<Object> rejected(RequestRejectedException e) {
    return respond(
        Problems.of(ProblemCode.VALIDATION_FAILED, "The request's parameters could not be read."));
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e) {
    return respond(Problems.of(ProblemCode.FORBIDDEN, null));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
      // the client hung up (a long poll given up, a phone losing its network): nobody to answer
      log.debug("Client went away: {}", e.getClass().getName());
      return null;
    }
    // the engine may wrap a delegate's failure: an unavailable provider stays a 503
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof DependencyUnavailableException unavailable) {
        return unavailable(unavailable);
      }
    }
    Optional<ApiException> translated = failures.translate(e);
    if (translated.isPresent()) {
      // the database is away (503 + Retry-After) or refused a value the client sent (400)
      // one line per request (an outage fails many), the whole chain at DEBUG
      log.warn("Request answered {}: {}", translated.get().code(), e.getClass().getName());
      if (log.isDebugEnabled()) {
        log.debug("Cause", MessageFreeThrowable.of(e));
      }
      return api(translated.get());
    }
    // The exception class and message of our own bugs; request values are never put in messages.
    log.error("Unexpected error: {}", e.getClass().getName(), MessageFreeThrowable.of(e));
    return respond(Problems.of(ProblemCode.INTERNAL_ERROR, null));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(Problems.validation(ProblemCode.VALIDATION_FAILED, ValidationErrors.of(ex)));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(Problems.validation(ProblemCode.VALIDATION_FAILED, ValidationErrors.of(ex)));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException) {
        return respond(Problems.of(ProblemCode.PAYLOAD_TOO_LARGE, null));
      }
    }
    return respond(
        Problems.validation(
            ProblemCode.VALIDATION_FAILED, List.of(ValidationErrors.unreadable(ex))));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(Problems.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, null));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(Problems.of(ProblemCode.NOT_ACCEPTABLE, null));
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(Problems.of(ProblemCode.METHOD_NOT_ALLOWED, null));
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return respond(Problems.of(ProblemCode.NOT_FOUND, null));
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    // Any other framework-level client error (missing header, type mismatch, …): a 4xx with our
    // code; never the framework's own message, which may quote the submitted value.
    HttpStatus status = HttpStatus.resolve(statusCode.value());
    if (status == null || status.is5xxServerError()) {
      log.error("Request failed: {}", ex.getClass().getName(), MessageFreeThrowable.of(ex));
      return respond(Problems.of(ProblemCode.INTERNAL_ERROR, null));
    }
    ProblemCode code =
        switch (status) {
          case NOT_FOUND -> ProblemCode.NOT_FOUND;
          case METHOD_NOT_ALLOWED -> ProblemCode.METHOD_NOT_ALLOWED;
          case PAYLOAD_TOO_LARGE -> ProblemCode.PAYLOAD_TOO_LARGE;
          default -> ProblemCode.VALIDATION_FAILED;
        };
    String detail =
        ex instanceof MissingRequestHeaderException m
            ? "Header '" + m.getHeaderName() + "' is required."
            : ex instanceof MethodArgumentTypeMismatchException t
                ? "Parameter '" + t.getName() + "' has the wrong type."
                : null;
    return respond(Problems.of(code, status, detail, Map.of()));
  }

  static ResponseEntity<Object> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
