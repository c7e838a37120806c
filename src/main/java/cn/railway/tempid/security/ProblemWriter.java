package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    ProblemDetail problem = Problems.of(code, detail);
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    if (code == ProblemCode.UNAUTHENTICATED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    json.writeValue(response.getOutputStream(), problem);
  }
}
