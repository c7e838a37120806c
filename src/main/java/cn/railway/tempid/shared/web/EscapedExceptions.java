package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.PayloadTooLargeException;
import cn.railway.tempid.shared.problem.ProblemCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Catches what escapes the other filters (a caller resolver finding the database away, for one) and
 * answers it as problem details instead of letting the servlet container log it with its message
 * and render its own error page: {@code 503 SERVICE_UNAVAILABLE} with {@code Retry-After} when the
 * database is away, {@code 500 INTERNAL_ERROR} for our own bugs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class EscapedExceptions extends OncePerRequestFilter {
  private final ProblemAnswers answers;

  EscapedExceptions(ProblemAnswers answers) {
    this.answers = answers;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      answers.write(response, answers.answer(e, 500));
    } catch (PayloadTooLargeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      answers.write(response, answers.answer(new ApiException(ProblemCode.PAYLOAD_TOO_LARGE), 413));
    }
  }
}
