package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * Failed operator logins per client address, wherever a Camunda user's password is checked: HTTP
 * Basic on the API, on {@code /engine-rest} and on the actuator, and the Cockpit/Tasklist login
 * form. Runs before every one of them; a login answered {@code 401} counts as a failure, and an
 * address at {@code tempid.limits.operator-login-failures-per-address} gets {@code 429
 * RATE_LIMITED} with {@code Retry-After} for one window, before any password is checked.
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
                try {
                  limits.requireOperatorLoginAllowed(request.getRemoteAddr());
                } catch (ApiException refused) {
                  problems.write(response, refused);
                  return;
                }
                chain.doFilter(request, response);
                if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                  limits.operatorLoginFailed(request.getRemoteAddr());
                }
              }
            });
    registration.addUrlPatterns("/*");
    // after the trace id, before Spring Security, the engine REST filter and the web apps
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.setName("operator-login-limits");
    return registration;
  }

  static boolean isOperatorLogin(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, "Basic ".length())) {
      return true;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return HttpMethod.POST.matches(request.getMethod().toUpperCase(Locale.ROOT))
        && WEBAPP_LOGIN.matcher(path).matches();
  }
}
