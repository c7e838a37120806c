package cn.railway.tempid.shared.web;

/**
 * The kinds of callers an API route may name ({@link Route#callers()}): each with the OpenAPI
 * security scheme it is documented with and the authority the credential filter gives it. A kind
 * without an authority is let through by the API's authorization rules; its credential (if any) is
 * checked by the handler itself.
 */
public enum CallerKind {
  /** Anyone, without a credential. */
  ANYONE("", null),
  /** A registered passenger: bearer token from login. */
  PASSENGER(CallerKind.PASSENGER_SCHEME, "PASSENGER"),
  /** A guest: the applicant token of one application. */
  GUEST(CallerKind.GUEST_SCHEME, "GUEST"),
  /** QR viewing: the view-session token, checked by the handler (401 asks for a new face check). */
  VIEW_SESSION(CallerKind.VIEW_SESSION_SCHEME, null),
  /** A checkpoint device: its registered key. */
  CHECKPOINT(CallerKind.CHECKPOINT_SCHEME, "CHECKPOINT"),
  /** The liveness provider: the body's signature, checked by the handler. */
  LIVENESS_PROVIDER(CallerKind.LIVENESS_PROVIDER_SCHEME, null),
  /** A Camunda user of the group {@code reviewers}. */
  REVIEWER(CallerKind.OPERATOR_SCHEME, "REVIEWERS"),
  /** A Camunda user of the group {@code camunda-admin}. */
  ADMINISTRATOR(CallerKind.OPERATOR_SCHEME, "CAMUNDA_ADMIN"),
  /** A Camunda user of the group {@code analysts}. */
  ANALYST(CallerKind.OPERATOR_SCHEME, "ANALYSTS");

  /** Security scheme names of the OpenAPI document's components. */
  public static final String PASSENGER_SCHEME = "passenger";

  public static final String GUEST_SCHEME = "guest";
  public static final String VIEW_SESSION_SCHEME = "viewSession";
  public static final String CHECKPOINT_SCHEME = "checkpoint";
  public static final String OPERATOR_SCHEME = "operator";
  public static final String LIVENESS_PROVIDER_SCHEME = "livenessProvider";

  private final String scheme;
  private final String role;

  CallerKind(String scheme, String role) {
    this.scheme = scheme;
    this.role = role;
  }

  /** The security scheme it is documented with; "" for the anonymous alternative. */
  public String scheme() {
    return scheme;
  }

  /** The role (authority without {@code ROLE_}) the credential filter gives it; null: none. */
  public String role() {
    return role;
  }
}
