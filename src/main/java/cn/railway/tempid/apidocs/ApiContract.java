package cn.railway.tempid.apidocs;

import static cn.railway.tempid.shared.problem.ProblemCode.HEADERS_TOO_LARGE;
import static cn.railway.tempid.shared.problem.ProblemCode.NOT_ACCEPTABLE;
import static cn.railway.tempid.shared.problem.ProblemCode.PAYLOAD_TOO_LARGE;
import static cn.railway.tempid.shared.problem.ProblemCode.RATE_LIMITED;
import static cn.railway.tempid.shared.problem.ProblemCode.REVERIFICATION_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.SERVICE_UNAVAILABLE;
import static cn.railway.tempid.shared.problem.ProblemCode.UNAUTHENTICATED;
import static cn.railway.tempid.shared.problem.ProblemCode.UNSUPPORTED_MEDIA_TYPE;
import static cn.railway.tempid.shared.problem.ProblemCode.VALIDATION_FAILED;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.shedding.Lane;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import cn.railway.tempid.shared.web.Routes;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the document says of every operation beyond its own declaration ({@link Route}, on the
 * controller method): the problem codes every operation can answer ({@link #COMMON}, and {@link
 * #WITH_BODY} for operations with a request body) and the ones its callers imply ({@link
 * #codes(Route)}). {@code OpenApiContractTest} checks the document against the running service
 * (each documented caller requirement is enforced; every status and code the service answers to
 * probes is documented).
 */
public final class ApiContract {

  /** Codes any operation can answer: bad input, Accept it cannot serve, headers, an outage. */
  public static final Set<ProblemCode> COMMON =
      Collections.unmodifiableSet(
          EnumSet.of(VALIDATION_FAILED, NOT_ACCEPTABLE, HEADERS_TOO_LARGE, SERVICE_UNAVAILABLE));

  /** Codes of every operation that reads a request body. */
  public static final Set<ProblemCode> WITH_BODY =
      Collections.unmodifiableSet(EnumSet.of(PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE));

  private ApiContract() {}

  /**
   * The codes an operation ({@code method path}) answers beyond {@link #COMMON} and {@link
   * #WITH_BODY}: its declared ones, a missing or wrong credential (401; the QR page asks for a new
   * face check instead), for operators too many failed logins from one address, and for a poll
   * being shed at peak load.
   */
  public static Set<ProblemCode> codes(String method, String path, Route route) {
    Set<ProblemCode> codes = EnumSet.noneOf(ProblemCode.class);
    codes.addAll(List.of(route.problems()));
    List<CallerKind> callers = Arrays.asList(route.callers());
    if (callers.contains(CallerKind.VIEW_SESSION)) {
      codes.add(REVERIFICATION_REQUIRED);
    } else if (!callers.equals(List.of(CallerKind.ANYONE))) {
      codes.add(UNAUTHENTICATED);
    }
    if (Routes.schemes(route).contains(CallerKind.OPERATOR_SCHEME)) {
      codes.add(RATE_LIMITED); // too many failed operator logins from one address
    }
    if (Lane.of(method, path) == Lane.POLL) {
      codes.add(RATE_LIMITED); // a poll shed at peak load (docs/scaling.md), with Retry-After
    }
    return codes;
  }
}
