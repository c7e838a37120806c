package cn.railway.tempid.shared.observability;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TraceIdFilterTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aValidTraceparentGivesItsTraceId() {
    assertThat(TraceIdFilter.traceIdOf("00-" + TRACE_ID + "-00f067aa0ba902b7-01"))
        .isEqualTo(TRACE_ID);
    // a later version may add fields
    assertThat(TraceIdFilter.traceIdOf("01-" + TRACE_ID + "-00f067aa0ba902b7-01-more"))
        .isEqualTo(TRACE_ID);
  }

  @Test
  void anInvalidOrMissingTraceparentGetsANewId() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01",
          "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
          "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01",
          "ff-" + TRACE_ID + "-00f067aa0ba902b7-01",
          "00-" + TRACE_ID + "-00f067aa0ba902b7-01-extra"
        }) {
      assertThat(TraceIdFilter.traceIdOf(bad))
          .as("%s", bad)
          .matches("[0-9a-f]{32}")
          .isNotEqualTo(TRACE_ID)
          .isNotEqualTo("0".repeat(32));
    }
    assertThat(TraceIdFilter.newTraceId()).isNotEqualTo(TraceIdFilter.newTraceId());
  }

  @Test
  void theTraceIdIsInTheLogContextWhileServing_andInServerErrorProblems() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
    request.addHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<String> inMdc = new AtomicReference<>();
    AtomicReference<Object> problemTrace = new AtomicReference<>();
    AtomicReference<Object> clientProblemTrace = new AtomicReference<>();
    new TraceIdFilter()
        .doFilter(
            request,
            response,
            new MockFilterChain(
                new jakarta.servlet.http.HttpServlet() {},
                (req, res, chain) -> {
                  inMdc.set(MDC.get("traceId"));
                  problemTrace.set(
                      propertyOf(Problems.of(ProblemCode.INTERNAL_ERROR, null), "traceId"));
                  clientProblemTrace.set(
                      propertyOf(Problems.of(ProblemCode.NOT_FOUND, null), "traceId"));
                  ((HttpServletResponse) res).setStatus(500);
                }));
    assertThat(inMdc.get()).isEqualTo(TRACE_ID);
    assertThat(problemTrace.get()).isEqualTo(TRACE_ID);
    assertThat(clientProblemTrace.get()).isNull();
    assertThat(response.getHeader("X-Trace-Id")).isEqualTo(TRACE_ID);
    assertThat(MDC.get("traceId")).as("cleared after the request").isNull();
  }

  private static Object propertyOf(org.springframework.http.ProblemDetail problem, String name) {
    return problem.getProperties() == null ? null : problem.getProperties().get(name);
  }
}
