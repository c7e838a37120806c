package cn.railway.tempid.shared.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Per-client-address limits on the endpoints that start work (submission, lookup, login, liveness
 * starts), checked before the controller runs, so a refused request stores nothing.
 *
 * <p>The address is {@link HttpServletRequest#getRemoteAddr()}. Behind a reverse proxy or load
 * balancer set {@code server.forward-headers-strategy=framework} (and let only the proxy reach the
 * service) so it is the passenger's address from {@code X-Forwarded-For}/{@code Forwarded}, not the
 * proxy's. IPv6 addresses are counted per /64 network (what one subscriber usually gets).
 */
@Configuration(proxyBeanMethods = false)
class ClientAddressLimits implements WebMvcConfigurer {
  private final AbuseLimits limits;

  ClientAddressLimits(AbuseLimits limits) {
    this.limits = limits;
  }

  private record Rule(String pattern, List<RateLimiter.Limit> limits) {}

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    List<Rule> rules =
        List.of(
            new Rule("/api/v1/applications", List.of(limits.submissionPerAddress)),
            new Rule(
                "/api/v1/certificates/lookup",
                List.of(limits.lookupPerAddress, limits.livenessPerAddress)),
            new Rule("/api/v1/auth/login", List.of(limits.loginPerAddress)),
            new Rule(
                "/api/v1/applications/*/liveness-sessions", List.of(limits.livenessPerAddress)),
            new Rule("/api/v1/certificates/*/reverifications", List.of(limits.livenessPerAddress)));
    for (Rule rule : rules) {
      registry
          .addInterceptor(
              new HandlerInterceptor() {
                @Override
                public boolean preHandle(
                    HttpServletRequest request, HttpServletResponse response, Object handler) {
                  if (HttpMethod.POST.matches(request.getMethod())) {
                    String address = subject(request.getRemoteAddr());
                    rule.limits().forEach(limit -> limits.perAddress(limit, address));
                  }
                  return true;
                }
              })
          .addPathPatterns(rule.pattern());
    }
  }

  /** The counted subject of a client address: IPv4 as is, IPv6 by its /64 network. */
  static String subject(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.isBlank()) {
      return "unknown";
    }
    String literal = remoteAddress.strip();
    if (literal.indexOf(':') < 0) {
      return literal;
    }
    try {
      // a literal (never a host name: getRemoteAddr is numeric), so no DNS lookup happens here
      InetAddress parsed =
          InetAddress.getByName(literal.startsWith("[") ? literal : "[" + literal + "]");
      if (parsed instanceof Inet6Address v6) {
        return HexFormat.of().formatHex(Arrays.copyOf(v6.getAddress(), 8)) + "::/64";
      }
      return parsed.getHostAddress(); // IPv4-mapped IPv6
    } catch (UnknownHostException | IllegalArgumentException e) {
      return literal;
    }
  }
}
