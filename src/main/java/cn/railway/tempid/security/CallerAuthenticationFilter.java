package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ProblemCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the caller's credential (bearer token, applicant token, operator Basic auth). A credential
 * that is present but not valid is answered 401 at once: a passenger whose login expired must not
 * silently continue as a guest. Without any credential header, a GET of the review case file may
 * use a reviewer's Tasklist session ({@link SessionCallerResolver}): Tasklist's review form reads
 * it that way.
 */
final class CallerAuthenticationFilter extends OncePerRequestFilter {
  private final List<CallerResolver> resolvers;
  private final List<SessionCallerResolver> sessions;
  private final ProblemWriter problems;

  CallerAuthenticationFilter(
      List<CallerResolver> resolvers,
      List<SessionCallerResolver> sessions,
      ProblemWriter problems) {
    this.resolvers = resolvers;
    this.sessions = sessions;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    for (CallerResolver resolver : resolvers) {
      String value = request.getHeader(resolver.header());
      if (value == null
          || !value.regionMatches(true, 0, resolver.scheme(), 0, resolver.scheme().length())) {
        continue;
      }
      String credential = value.substring(resolver.scheme().length()).trim();
      Optional<? extends Caller> caller =
          credential.isEmpty() || credential.length() > 512
              ? Optional.empty()
              : resolver.resolve(credential);
      if (caller.isEmpty()) {
        problems.write(
            response,
            ProblemCode.UNAUTHENTICATED,
            "The credential in header '" + resolver.header() + "' is not valid or has expired.");
        return;
      }
      authenticate(caller.get());
      chain.doFilter(request, response);
      return;
    }
    if (readsWithSession(request)) {
      for (SessionCallerResolver session : sessions) {
        Optional<? extends Caller> caller = session.resolve(request);
        if (caller.isPresent()) {
          authenticate(caller.get());
          break;
        }
      }
    }
    chain.doFilter(request, response);
  }

  private static void authenticate(Caller caller) {
    SecurityContextHolder.getContext()
        .setAuthentication(
            new CallerAuthentication(caller, AuthorityUtils.createAuthorityList(roles(caller))));
  }

  /** A GET of a path a login session may read, without any credential header. */
  private boolean readsWithSession(HttpServletRequest request) {
    if (sessions.isEmpty()
        || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
      return false;
    }
    for (CallerResolver resolver : resolvers) {
      if (request.getHeader(resolver.header()) != null) {
        return false;
      }
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith(SessionCallerResolver.READ_ONLY_PATHS);
  }

  private static String[] roles(Caller caller) {
    if (caller instanceof Caller.Operator o) {
      return o.groups().stream()
          .map(group -> "ROLE_" + group.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
          .toArray(String[]::new);
    }
    if (caller instanceof Caller.Checkpoint) {
      return new String[] {"ROLE_CHECKPOINT"};
    }
    return new String[] {caller instanceof Caller.Passenger ? "ROLE_PASSENGER" : "ROLE_GUEST"};
  }
}
