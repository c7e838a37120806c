package cn.railway.tempid.shared.process;

/**
 * The Camunda groups staff belong to, and what each may do (docs/security.md). Reviewers and
 * supervisors decide manual reviews ({@link ApplicationJourney}); analysts deploy decision tables;
 * monitoring scrapes metrics. Administrators ({@code camunda-admin}) manage users but are not
 * analysts unless they are also members of {@link #ANALYSTS}.
 */
public final class StaffGroups {
  /** May deploy DMN tables through the engine's REST API (Camunda Modeler). */
  public static final String ANALYSTS = "analysts";

  /** Camunda's own administrators' group. */
  public static final String CAMUNDA_ADMIN = "camunda-admin";

  private StaffGroups() {}
}
