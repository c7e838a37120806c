package cn.railway.tempid.shared.problem;

import cn.railway.tempid.shared.observability.TraceIdFilter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the problem-details body every error of this API uses. */
public final class Problems {
  private Problems() {}

  public static ProblemDetail of(ProblemCode code, String detail) {
    return of(code, code.status(), detail, Map.of());
  }

  public static ProblemDetail of(
      ProblemCode code, HttpStatus status, String detail, Map<String, Object> properties) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, detail == null ? code.messageEn() : detail);
    problem.setType(
        URI.create("urn:tempid:problem:" + code.name().toLowerCase().replace('_', '-')));
    problem.setTitle(title(code));
    problem.setProperty("code", code.name());
    problem.setProperty("messageZh", code.messageZh());
    problem.setProperty("messageEn", code.messageEn());
    if (code.guidance() != null) {
      problem.setProperty("guidance", code.guidance());
    }
    properties.forEach(problem::setProperty);
    String traceId = TraceIdFilter.current();
    if (status.is5xxServerError() && traceId != null) {
      // what an operator searches the logs for (no request data: a random id)
      problem.setProperty("traceId", traceId);
    }
    return problem;
  }

  public static ProblemDetail validation(ProblemCode code, List<FieldError> errors) {
    String detail =
        errors.isEmpty()
            ? code.messageEn()
            : errors.size() == 1
                ? "Field '" + errors.get(0).field() + "': " + errors.get(0).message()
                : errors.size() + " fields are not valid.";
    return of(code, code.status(), detail, Map.of("errors", errors));
  }

  private static String title(ProblemCode code) {
    String words = code.name().toLowerCase().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
