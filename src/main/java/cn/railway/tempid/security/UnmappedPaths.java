package cn.railway.tempid.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Matches a request whose path no controller maps, whatever the method: such a request is let
 * through to Spring MVC (actuator paths excepted), which answers {@code 404} problem+json instead
 * of a {@code 401} that would suggest the path exists behind a login. A known path with a wrong
 * method is not matched.
 */
final class UnmappedPaths implements RequestMatcher {
  private final RequestMappingHandlerMapping handlers;
  private volatile List<PathPattern> patterns;

  UnmappedPaths(RequestMappingHandlerMapping handlers) {
    this.handlers = handlers;
  }

  @Override
  public boolean matches(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
    if (path.equals("/actuator") || path.startsWith("/actuator/")) {
      return false; // actuator endpoints are not controllers; their own rules apply
    }
    PathContainer container;
    try {
      container = PathContainer.parsePath(path);
    } catch (IllegalArgumentException e) {
      return false; // left to the firewall and the other rules
    }
    for (PathPattern pattern : patterns()) {
      if (pattern.matches(container)) {
        return false;
      }
    }
    return true;
  }

  private List<PathPattern> patterns() {
    List<PathPattern> known = patterns;
    if (known == null) {
      known =
          handlers.getHandlerMethods().keySet().stream()
              .map(info -> info.getPathPatternsCondition())
              .filter(java.util.Objects::nonNull)
              .map(PathPatternsRequestCondition::getPatterns)
              .flatMap(java.util.Set::stream)
              .toList();
      patterns = known;
    }
    return known;
  }
}
