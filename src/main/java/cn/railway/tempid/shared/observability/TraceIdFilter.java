package cn.railway.tempid.shared.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a trace id: the one of a W3C {@code traceparent} header when the caller (or a
 * gateway) sent a valid one, a new random one otherwise. It is in the log context as {@value
 * #MDC_KEY} for every line logged while serving the request, answered in the {@value
 * #RESPONSE_HEADER} header, and in problem details of server errors, so an operator can find the
 * log lines of a failed call. Runs before security, so refusals carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TraceIdFilter extends OncePerRequestFilter {
  public static final String MDC_KEY = "traceId";
  public static final String RESPONSE_HEADER = "X-Trace-Id";
  static final String TRACEPARENT = "traceparent";
  private static final String REQUEST_ATTRIBUTE = TraceIdFilter.class.getName() + ".traceId";

  /** version "-" trace-id "-" parent-id "-" flags (W3C Trace Context, level 1). */
  private static final Pattern TRACEPARENT_FORMAT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // an error dispatch of the same request keeps the id its first dispatch answered with
    String traceId =
        request.getAttribute(REQUEST_ATTRIBUTE) instanceof String known
            ? known
            : traceIdOf(request.getHeader(TRACEPARENT));
    request.setAttribute(REQUEST_ATTRIBUTE, traceId);
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, traceId);
    response.setHeader(RESPONSE_HEADER, traceId);
    try {
      chain.doFilter(request, response);
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  /** The trace id of a valid {@code traceparent}, or a new one. */
  static String traceIdOf(String traceparent) {
    if (traceparent != null && traceparent.length() <= 512) {
      var m = TRACEPARENT_FORMAT.matcher(traceparent.trim());
      if (m.matches()
          && !m.group(1).equals("ff")
          && !m.group(2).equals("0".repeat(32))
          && !m.group(3).equals("0".repeat(16))
          && (!m.group(1).equals("00") || m.group(5) == null)) {
        return m.group(2);
      }
    }
    return newTraceId();
  }

  static String newTraceId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The trace id of the request being served on this thread, or null. */
  public static String current() {
    return MDC.get(MDC_KEY);
  }
}
