package cn.railway.tempid.shared.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes problem details where no controller advice runs: servlet filters, error pages. */
public final class ProblemResponses {
  private ProblemResponses() {}

  /** The problem an {@link ApiException} is answered with (as the controller advice does). */
  public static ProblemDetail of(ApiException e) {
    return Problems.of(e.code(), e.code().status(), e.getMessage(), e.properties());
  }

  /** Writes {@code e} as the controller advice would answer it, {@code Retry-After} included. */
  public static void write(HttpServletResponse response, ApiException e, ObjectMapper json)
      throws IOException {
    if (e.properties().get(ApiException.RETRY_AFTER_SECONDS) instanceof Number seconds) {
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
    }
    write(response, of(e), json);
  }

  public static void write(HttpServletResponse response, ProblemDetail problem, ObjectMapper json)
      throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
