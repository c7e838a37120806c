package cn.railway.tempid.shared.shedding;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a request only when {@link Admission} says the node can finish it (a poll or finishing
 * request waits up to {@code max-wait}, 40 ms, for a place); otherwise answers, before security and
 * before the body is read: {@code 429 RATE_LIMITED} for a poll, {@code 503 SERVICE_UNAVAILABLE} for
 * anything else, both with {@code Retry-After} and {@code retryAfterSeconds}. A shed request
 * reached nothing: no rate limit, quota, face-check attempt or idempotency key was counted, so its
 * retry is the first request.
 *
 * <p>A poll that a feature answers from memory ({@link AnsweredFromMemory}) takes no place and is
 * never shed: it needs no connection.
 *
 * <p>A request holds its place while a thread works on it: a long poll that went asynchronous gives
 * its place back when it starts waiting (it holds no thread nor connection while it waits).
 */
class LoadShedding extends OncePerRequestFilter {
  private final Admission admission;
  private final SheddingProperties settings;
  private final ObjectMapper json;
  private final List<AnsweredFromMemory> fromMemory;

  LoadShedding(
      Admission admission,
      SheddingProperties settings,
      ObjectMapper json,
      List<AnsweredFromMemory> fromMemory) {
    this.admission = admission;
    this.settings = settings;
    this.json = json;
    this.fromMemory = List.copyOf(fromMemory);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Lane lane = Lane.of(request);
    if (lane == null) {
      chain.doFilter(request, response);
      return;
    }
    if (lane == Lane.POLL && answeredFromMemory(request)) {
      // needs no connection: shedding it would cost about what answering does
      admission.admittedFromMemory();
      chain.doFilter(request, response);
      return;
    }
    Optional<Admission.Ticket> ticket = admission.admit(lane);
    if (ticket.isEmpty()) {
      ApiException shed =
          lane == Lane.POLL
              ? ApiException.rateLimited(settings.pollRetryAfter())
              : ApiException.serviceUnavailable(settings.retryAfter());
      ProblemResponses.write(response, shed, json);
      return;
    }
    boolean answered = false;
    try {
      chain.doFilter(request, response);
      answered = true;
    } finally {
      if (!answered || response.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
        ticket.get().dropped();
      } else if (request.isAsyncStarted()) {
        ticket.get().ignored();
      } else {
        ticket.get().succeeded();
      }
    }
  }

  private boolean answeredFromMemory(HttpServletRequest request) {
    for (AnsweredFromMemory f : fromMemory) {
      if (f.answers(request)) {
        return true;
      }
    }
    return false;
  }
}
