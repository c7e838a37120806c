package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed operator logins per user name and client address, wherever a Camunda user's password is
 * checked: HTTP Basic on the API, on {@code /engine-rest} and on the actuator, and the
 * Cockpit/Tasklist/Admin login form (user name in the form body). Runs before every one of them: a
 * login answered {@code 401} counts as a failure of its user name at its address (forgotten when
 * its window ends, not on a success: see below); a user name that has to wait at this address (or
 * an address over its ceiling, see {@code tempid.limits.operator-login-failures}) gets {@code 429
 * RATE_LIMITED} with {@code Retry-After} before any password is checked. A 401 here is only ever a
 * wrong password: Camunda's own login delay, which refused even the right password of a user
 * someone else had been guessing (and so counted the user's own logins as failures), is configured
 * off in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class OperatorLoginLimits {
  /** The Camunda web apps' login: {@code /camunda/api/admin/auth/user/{engine}/login/{app}}. */
  private static final Pattern WEBAPP_LOGIN =
      Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+/?");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> operatorLoginLimitFilter(
      AbuseLimits limits, ProblemWriter problems) {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new OncePerRequestFilter() {
              @Override
              protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isOperatorLogin(request);
              }

              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                HttpServletRequest login = request;
                String username;
                if (isWebappLogin(request)) {
                  // the user name whose password the login checks, whatever else is sent
                  FormLogin form = FormLogin.read(request);
                  login = form.request();
                  username = form.username();
                } else {
                  username = basicUsername(request);
                }
                String address = request.getRemoteAddr();
                try {
                  limits.requireOperatorLoginAllowed(username, address);
                } catch (ApiException refused) {
                  problems.write(response, refused);
                  return;
                }
                chain.doFilter(login, response);
                // Other answers are not taken as successes: some come without any password check
                // (a static Cockpit page with a Basic header), so they must not forget failures.
                if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                  limits.operatorLoginFailed(username, address);
                }
              }
            });
    registration.addUrlPatterns("/*");
    // after the trace id, before Spring Security, the engine REST filter and the web apps
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.setName("operator-login-limits");
    return registration;
  }

  /** The user name of an HTTP Basic header ({@code ""} when malformed); null without one. */
  static String basicUsername(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, "Basic ", 0, "Basic ".length())) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring("Basic ".length()).strip()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? "" : decoded.substring(0, colon);
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }

  static boolean isOperatorLogin(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, "Basic ".length())) {
      return true;
    }
    return isWebappLogin(request);
  }

  private static boolean isWebappLogin(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return HttpMethod.POST.matches(request.getMethod().toUpperCase(Locale.ROOT))
        && WEBAPP_LOGIN.matcher(path).matches();
  }
}
