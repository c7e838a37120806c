package cn.railway.tempid.shared.shedding;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which share of the node's capacity a request draws on. Shed first: {@link #POLL}, then {@link
 * #NEW_WORK}; {@link #FINISHING} keeps a share of the ceiling of its own. A request of none (static
 * pages, health and metrics, the staff web apps' assets) is never shed.
 */
public enum Lane {
  /** Work that finishes a journey already accepted: its answer ends someone's wait. */
  FINISHING("finishing"),
  /** New submissions and other writes that start something. */
  NEW_WORK("new-work"),
  /** Polls and other reads: the cheapest to retry. */
  POLL("poll");

  private final String tag;

  Lane(String tag) {
    this.tag = tag;
  }

  /** The metric tag and the limiter's partition name. */
  public String tag() {
    return tag;
  }

  /** The lane of {@code request}, or null when it is never shed. */
  public static Lane of(HttpServletRequest request) {
    return of(request.getMethod(), path(request));
  }

  /** The lane of a request by its method and path (without the context path). */
  public static Lane of(String method, String path) {
    if ("OPTIONS".equals(method)) {
      return null;
    }
    if (path.startsWith("/camunda/api/") || path.startsWith("/engine-rest/")) {
      // staff: reviewers deciding cases in Tasklist, operators resolving incidents in Cockpit
      return FINISHING;
    }
    if (!path.startsWith("/api/")) {
      // pages and their assets, the staff web apps' assets, actuator (health must always answer),
      // the API document: no database work, nothing that queues
      return null;
    }
    if (finishes(method, path)) {
      return FINISHING;
    }
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    return read ? POLL : NEW_WORK;
  }

  private static boolean finishes(String method, String path) {
    return path.equals("/api/v1/liveness/callback")
        // the simulated provider's capture and callback (demo profile, the benchmark)
        || path.startsWith("/api/v1/demo/liveness/")
        // checkpoints: online verification, the keys and the status list they check against
        || path.startsWith("/api/v1/verifications")
        || path.equals("/api/v1/verification-keys")
        || path.equals("/api/v1/status-list")
        // the passenger at the gate: the certificate's QR frame
        || ("GET".equals(method)
            && path.startsWith("/api/v1/certificates/")
            && path.endsWith("/qr"))
        // a new face-check attempt of an application already accepted
        || ("POST".equals(method)
            && path.startsWith("/api/v1/applications/")
            && path.endsWith("/liveness-sessions"))
        // reviewers and operators
        || path.startsWith("/api/v1/reviews")
        || path.startsWith("/api/v1/operator/");
  }

  private static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context)
        ? uri.substring(context.length())
        : uri;
  }
}
