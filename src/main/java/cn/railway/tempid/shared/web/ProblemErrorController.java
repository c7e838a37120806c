package cn.railway.tempid.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}, instead of Boot's default JSON): whatever ended in
 * {@code sendError} or an exception the filters did not catch is answered as problem details with
 * its status, or {@code 503} with {@code Retry-After} when the database was away.
 */
@RestController
class ProblemErrorController implements ErrorController {
  private final ProblemAnswers answers;

  ProblemErrorController(ProblemAnswers answers) {
    this.answers = answers;
  }

  @RequestMapping("${server.error.path:/error}")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable failure =
        request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    // no status: not an error dispatch but a request for the page itself
    answers.write(response, answers.answer(failure, status instanceof Integer code ? code : 404));
  }
}
