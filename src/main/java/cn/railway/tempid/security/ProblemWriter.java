package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Writes problem details from filters, where no controller advice runs. */
@Component
class ProblemWriter {
  private final ObjectMapper json;

  ProblemWriter(ObjectMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse response, ProblemCode code, String detail) throws IOException {
    write(response, Problems.of(code, detail), code);
  }

  /** An {@link ApiException} as the controller advice would answer it (Retry-After included). */
  void write(HttpServletResponse response, ApiException e) throws IOException {
    if (e.properties().get(ApiException.RETRY_AFTER_SECONDS) instanceof Number seconds) {
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
    }
    write(
        response,
        Problems.of(e.code(), e.code().status(), e.getMessage(), e.properties()),
        e.code());
  }

  private void write(HttpServletResponse response, ProblemDetail problem, ProblemCode code)
      throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    if (code == ProblemCode.UNAUTHENTICATED && !response.containsHeader("WWW-Authenticate")) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    json.writeValue(response.getOutputStream(), problem);
  }
}
