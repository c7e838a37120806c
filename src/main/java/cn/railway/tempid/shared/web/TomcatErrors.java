package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Errors Tomcat answers before any servlet runs (a request it cannot parse, headers past {@code
 * server.max-http-request-header-size}) are problem details too, not its HTML page: its error
 * report valve is replaced by {@link ProblemReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrors {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(
      ProblemAnswers answers) {
    return new WebServerFactoryCustomizer<>() {
      @Override
      public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(
            context -> {
              Container parent = context.getParent();
              for (Valve valve : parent.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                  parent.getPipeline().removeValve(valve);
                }
              }
              parent.getPipeline().addValve(new ProblemReportValve(answers));
              if (parent instanceof StandardHost host) {
                // the host adds a valve of this class at start unless it finds one
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
              }
            });
      }
    };
  }

  /** Tomcat's error report as problem details; a header past Tomcat's limit is a 431. */
  static final class ProblemReportValve extends ErrorReportValve {
    private final ProblemAnswers answers;

    ProblemReportValve(ProblemAnswers answers) {
      this.answers = answers;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      if (known == null) {
        known = HttpStatus.BAD_REQUEST;
      }
      if (known == HttpStatus.BAD_REQUEST && headerTooLarge(throwable)) {
        known = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        response.setStatus(known.value());
      }
      ProblemCode code = ProblemAnswers.codeFor(known);
      try {
        String body = answers.render(Problems.of(code, known, null, Map.of()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        PrintWriter writer = response.getReporter();
        if (writer != null) {
          writer.write(body);
          response.finishResponse();
        }
      } catch (IOException | RuntimeException e) {
        // nothing else can be answered: Tomcat closes the connection
      }
    }

    /**
     * Tomcat reports a request head past its buffer as an IllegalArgumentException while parsing
     * (there is no dedicated type); its message is the only tell.
     */
    private static boolean headerTooLarge(Throwable throwable) {
      return throwable instanceof IllegalArgumentException
          && throwable.getMessage() != null
          && throwable.getMessage().toLowerCase(java.util.Locale.ROOT).contains("too large");
    }
  }
}
