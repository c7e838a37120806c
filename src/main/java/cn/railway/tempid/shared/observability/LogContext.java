package cn.railway.tempid.shared.observability;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the application, certificate or review task a request is about into the log context, so an
 * operator finds every line of it by that id: {@value #APPLICATION_ID}, {@value #CERTIFICATE_ID},
 * {@value #TASK_ID}. Taken from the matched route's path variables ({@code /applications/{id}/...},
 * {@code /certificates/{id}/...}, {@code /reviews/{taskId}}, or a variable of that very name) and
 * from an {@code applicationId} query parameter; ids are references, never personal data. Only
 * values that look like ids are taken (letters, digits, {@code -} and {@code _}, at most 64), so a
 * crafted URL cannot forge log lines.
 *
 * <p>Engine jobs carry {@value #APPLICATION_ID} through Camunda's {@code loggingContextBusinessKey}
 * (application.yml); the certificate lifecycle's steps set {@value #CERTIFICATE_ID} themselves
 * ({@link #certificate}).
 */
@Configuration(proxyBeanMethods = false)
public class LogContext implements WebMvcConfigurer {
  public static final String APPLICATION_ID = "applicationId";
  public static final String CERTIFICATE_ID = "certificateId";
  public static final String TASK_ID = "taskId";

  private static final List<String> KEYS = List.of(APPLICATION_ID, CERTIFICATE_ID, TASK_ID);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The collection a path variable {@code id} belongs to, by the segment before it. */
  private static final Map<String, String> BY_COLLECTION =
      Map.of("applications", APPLICATION_ID, "certificates", CERTIFICATE_ID, "reviews", TASK_ID);

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new Interceptor());
  }

  /**
   * Runs {@code step} with {@code certificateId} in the log context instead of {@value
   * #APPLICATION_ID}: the engine puts every process's business key under that name, and the
   * certificate lifecycle's business key is the certificate id.
   */
  public static void certificate(String certificateId, Runnable step) {
    String outer = MDC.get(APPLICATION_ID);
    String outerCertificate = MDC.get(CERTIFICATE_ID);
    MDC.remove(APPLICATION_ID);
    putIfId(CERTIFICATE_ID, certificateId);
    try {
      step.run();
    } finally {
      restore(CERTIFICATE_ID, outerCertificate);
      restore(APPLICATION_ID, outer);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private static void putIfId(String key, String value) {
    if (value != null && ID.matcher(value).matches()) {
      MDC.put(key, value);
    }
  }

  static final class Interceptor implements AsyncHandlerInterceptor {
    @Override
    public boolean preHandle(
        HttpServletRequest request, HttpServletResponse response, Object handler) {
      clear();
      if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
              instanceof Map<?, ?> variables
          && request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
              instanceof String pattern) {
        for (Map.Entry<?, ?> variable : variables.entrySet()) {
          String name = String.valueOf(variable.getKey());
          String key = KEYS.contains(name) ? name : keyOf(pattern, name);
          if (key != null) {
            putIfId(key, String.valueOf(variable.getValue()));
          }
        }
      }
      if (MDC.get(APPLICATION_ID) == null) {
        putIfId(APPLICATION_ID, request.getParameter(APPLICATION_ID));
      }
      return true;
    }

    /** {@code applications/{id}} gives {@code applicationId}, and so on; null for others. */
    private static String keyOf(String pattern, String variable) {
      String[] segments = pattern.split("/");
      for (int i = 1; i < segments.length; i++) {
        if (segments[i].equals("{" + variable + "}")) {
          return BY_COLLECTION.get(segments[i - 1]);
        }
      }
      return null;
    }

    @Override
    public void afterCompletion(
        HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
      clear();
    }

    @Override
    public void afterConcurrentHandlingStarted(
        HttpServletRequest request, HttpServletResponse response, Object handler) {
      clear(); // the thread goes back to the pool; the async dispatch sets them again
    }

    private static void clear() {
      KEYS.forEach(MDC::remove);
    }
  }
}
