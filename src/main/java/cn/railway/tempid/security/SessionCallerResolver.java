package cn.railway.tempid.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Resolves a caller from a login session another part of the service keeps (Camunda's web apps),
 * for reading only: {@link CallerAuthenticationFilter} asks it for GET requests of {@link
 * #READ_ONLY_PATHS} that carry no credential header. A session cookie is sent by the browser with
 * any request, so nothing that changes state accepts it.
 */
public interface SessionCallerResolver {
  /** The paths (prefixes) a session may read: the case file Tasklist's review form shows. */
  String READ_ONLY_PATHS = "/api/v1/reviews/";

  Optional<? extends Caller> resolve(HttpServletRequest request);
}
