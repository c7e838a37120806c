package cn.railway.tempid.security;

import java.util.Set;

/** Who is calling the passenger and checkpoint API, as resolved from the request's credentials. */
public sealed interface Caller {

  /** A registered passenger logged in with a bearer token (identity verified at registration). */
  record Passenger(String accountId, String username, String personKey, String tokenHash)
      implements Caller {}

  /** A guest holding the applicant token of one application (R16). */
  record Guest(String applicationId, String personKey) implements Caller {}

  /**
   * A checkpoint system (gate, ticket window, real-name check, on-train device) by its key: the
   * checkpoint types it may act as, its station or train code (null for a key registered before
   * roles existed), and whether it may see the full ID number at real-name checkpoints.
   */
  record Checkpoint(
      String keyId, boolean realNameAllowed, Set<String> checkpointTypes, String station)
      implements Caller {
    public Checkpoint {
      checkpointTypes = Set.copyOf(checkpointTypes);
    }

    public boolean mayActAs(String checkpointType) {
      return checkpointTypes.contains(checkpointType);
    }
  }

  /** An operator or reviewer: a Camunda user, authenticated with HTTP Basic. */
  record Operator(String userId, Set<String> groups) implements Caller {}
}
