package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.InfrastructureFailures;
import cn.railway.tempid.shared.problem.MessageFreeThrowable;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.ProblemResponses;
import cn.railway.tempid.shared.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The problem details of a failure outside any controller (a servlet filter, an error page): the
 * database away is {@code 503} with {@code Retry-After}, anything else keeps its status with the
 * matching code. Logged like the controller advice does: class names and frames, no messages.
 */
@Component
class ProblemAnswers {
  private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

  private final InfrastructureFailures failures;
  private final ObjectMapper json;

  ProblemAnswers(InfrastructureFailures failures, ObjectMapper json) {
    this.failures = failures;
    this.json = json;
  }

  /** The answer to {@code failure} (may be null) for a request that ended with {@code status}. */
  Answer answer(Throwable failure, int status) {
    if (failure != null) {
      Optional<ApiException> translated = failures.translate(failure);
      if (translated.isPresent()) {
        log.warn("Request answered {}: {}", translated.get().code(), failure.getClass().getName());
        return new Answer(ProblemResponses.of(translated.get()), translated.get());
      }
      if (failure instanceof ApiException api) {
        return new Answer(ProblemResponses.of(api), api);
      }
      if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
        log.debug("Client went away: {}", failure.getClass().getName()); // nobody to answer
      } else {
        log.error(
            "Unexpected error: {}", failure.getClass().getName(), MessageFreeThrowable.of(failure));
      }
      return new Answer(Problems.of(ProblemCode.INTERNAL_ERROR, null), null);
    }
    HttpStatus resolved = HttpStatus.resolve(status);
    HttpStatus known =
        resolved == null || resolved.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
    return new Answer(Problems.of(codeFor(known), known, null, Map.of()), null);
  }

  void write(HttpServletResponse response, Answer answer) throws IOException {
    if (answer.exception() != null) {
      ProblemResponses.write(response, answer.exception(), json);
    } else {
      ProblemResponses.write(response, answer.problem(), json);
    }
  }

  String render(ProblemDetail problem) throws IOException {
    return json.writeValueAsString(problem);
  }

  /** The stable code of a status an error page or Tomcat answered on its own. */
  static ProblemCode codeFor(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> ProblemCode.VALIDATION_FAILED;
      case UNAUTHORIZED -> ProblemCode.UNAUTHENTICATED;
      case FORBIDDEN -> ProblemCode.FORBIDDEN;
      case NOT_FOUND -> ProblemCode.NOT_FOUND;
      case METHOD_NOT_ALLOWED -> ProblemCode.METHOD_NOT_ALLOWED;
      case NOT_ACCEPTABLE -> ProblemCode.NOT_ACCEPTABLE;
      case PAYLOAD_TOO_LARGE -> ProblemCode.PAYLOAD_TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
      case REQUEST_HEADER_FIELDS_TOO_LARGE -> ProblemCode.HEADERS_TOO_LARGE;
      case TOO_MANY_REQUESTS -> ProblemCode.RATE_LIMITED;
      case SERVICE_UNAVAILABLE -> ProblemCode.SERVICE_UNAVAILABLE;
      default ->
          status.is4xxClientError() ? ProblemCode.VALIDATION_FAILED : ProblemCode.INTERNAL_ERROR;
    };
  }

  /** A problem, and the refusal it came from (for its {@code Retry-After}), if any. */
  record Answer(ProblemDetail problem, ApiException exception) {}
}
