package cn.railway.tempid.apidocs;

import static cn.railway.tempid.shared.problem.ProblemCode.ACCOUNT_EXISTS;
import static cn.railway.tempid.shared.problem.ProblemCode.ACTIVE_CERTIFICATE_EXISTS;
import static cn.railway.tempid.shared.problem.ProblemCode.APPLICATION_IN_PROGRESS;
import static cn.railway.tempid.shared.problem.ProblemCode.APPLICATION_NOT_AWAITING_LIVENESS;
import static cn.railway.tempid.shared.problem.ProblemCode.CERTIFICATE_EXPIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.CERTIFICATE_NOT_ACTIVE;
import static cn.railway.tempid.shared.problem.ProblemCode.CERTIFICATE_REVOKED;
import static cn.railway.tempid.shared.problem.ProblemCode.CERTIFICATE_SUPERSEDED;
import static cn.railway.tempid.shared.problem.ProblemCode.CHECKPOINT_EXISTS;
import static cn.railway.tempid.shared.problem.ProblemCode.CHECKPOINT_TYPE_NOT_ALLOWED;
import static cn.railway.tempid.shared.problem.ProblemCode.CONSENT_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.FACE_CHECKS_LOCKED;
import static cn.railway.tempid.shared.problem.ProblemCode.FORBIDDEN;
import static cn.railway.tempid.shared.problem.ProblemCode.GUARDIAN_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.HEADERS_TOO_LARGE;
import static cn.railway.tempid.shared.problem.ProblemCode.IDEMPOTENCY_KEY_REUSED;
import static cn.railway.tempid.shared.problem.ProblemCode.IDENTITY_MISMATCH;
import static cn.railway.tempid.shared.problem.ProblemCode.ID_TYPE_NOT_SUPPORTED;
import static cn.railway.tempid.shared.problem.ProblemCode.INVALID_CREDENTIALS;
import static cn.railway.tempid.shared.problem.ProblemCode.INVALID_ID_NUMBER;
import static cn.railway.tempid.shared.problem.ProblemCode.LIVENESS_IN_PROGRESS;
import static cn.railway.tempid.shared.problem.ProblemCode.LIVENESS_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.LOCATION_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.NOT_ACCEPTABLE;
import static cn.railway.tempid.shared.problem.ProblemCode.NOT_FOUND;
import static cn.railway.tempid.shared.problem.ProblemCode.NO_ATTEMPTS_LEFT;
import static cn.railway.tempid.shared.problem.ProblemCode.OUTSIDE_SERVICE_AREA;
import static cn.railway.tempid.shared.problem.ProblemCode.PAYLOAD_TOO_LARGE;
import static cn.railway.tempid.shared.problem.ProblemCode.QUOTA_EXCEEDED;
import static cn.railway.tempid.shared.problem.ProblemCode.RATE_LIMITED;
import static cn.railway.tempid.shared.problem.ProblemCode.REVERIFICATION_REQUIRED;
import static cn.railway.tempid.shared.problem.ProblemCode.RULE_GATE_FAILED;
import static cn.railway.tempid.shared.problem.ProblemCode.SERVICE_UNAVAILABLE;
import static cn.railway.tempid.shared.problem.ProblemCode.TICKET_MATCH_LIMITED;
import static cn.railway.tempid.shared.problem.ProblemCode.UNAUTHENTICATED;
import static cn.railway.tempid.shared.problem.ProblemCode.UNSUPPORTED_MEDIA_TYPE;
import static cn.railway.tempid.shared.problem.ProblemCode.VALIDATION_FAILED;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.shedding.Lane;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per operation ({@code "METHOD /path"} as in the document): who may call it and which problem
 * codes it answers besides the ones every operation can answer ({@link #COMMON}, and {@link
 * #WITH_BODY} for operations with a request body). The security rules mirror {@code
 * security.SecurityConfiguration}; {@code OpenApiContractTest} checks both directions against the
 * running service (each documented caller requirement is enforced; every status and code the
 * service answers to probes is documented).
 */
public final class ApiContract {

  /** Security scheme names of the document's components. */
  public static final String PASSENGER = "passenger";

  public static final String GUEST = "guest";
  public static final String VIEW_SESSION = "viewSession";
  public static final String CHECKPOINT = "checkpoint";
  public static final String OPERATOR = "operator";
  public static final String LIVENESS_PROVIDER = "livenessProvider";

  /** Who may call an operation: alternatives, any one suffices; empty = anyone. */
  public enum Callers {
    ANYONE(List.of()),
    /** anyone, or a passenger (then the identity comes from the account) */
    ANYONE_OR_PASSENGER(List.of("", PASSENGER)),
    PASSENGER_ONLY(List.of(PASSENGER)),
    OWNER(List.of(PASSENGER, GUEST)),
    VIEWER(List.of(VIEW_SESSION)),
    CHECKPOINT_DEVICE(List.of(CHECKPOINT)),
    OPERATOR_USER(List.of(OPERATOR)),
    PROVIDER(List.of(LIVENESS_PROVIDER));

    private final List<String> schemes;

    Callers(List<String> schemes) {
      this.schemes = schemes;
    }

    /** The security requirement alternatives; "" is the anonymous alternative. */
    public List<String> schemes() {
      return schemes;
    }

    /** Whether a call without any credential is refused (401). */
    public boolean needsCaller() {
      return !schemes.isEmpty() && !schemes.contains("");
    }
  }

  /** One operation's caller and the codes it answers beyond the common ones. */
  public record Entry(String operationId, Callers callers, Set<ProblemCode> codes) {}

  /** Codes any operation can answer: bad input, Accept it cannot serve, headers, an outage. */
  public static final Set<ProblemCode> COMMON =
      Collections.unmodifiableSet(
          EnumSet.of(VALIDATION_FAILED, NOT_ACCEPTABLE, HEADERS_TOO_LARGE, SERVICE_UNAVAILABLE));

  /** Codes of every operation that reads a request body. */
  public static final Set<ProblemCode> WITH_BODY =
      Collections.unmodifiableSet(EnumSet.of(PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE));

  private static final Map<String, Entry> OPERATIONS = new LinkedHashMap<>();

  static {
    // Accounts
    put("POST /api/v1/auth/login", "login", Callers.ANYONE, INVALID_CREDENTIALS, RATE_LIMITED);
    put("POST /api/v1/auth/logout", "logout", Callers.PASSENGER_ONLY);
    put("GET /api/v1/me", "getMe", Callers.PASSENGER_ONLY);
    put("GET /api/v1/me/applications", "listMyApplications", Callers.PASSENGER_ONLY);
    // Applications
    put(
        "POST /api/v1/applications",
        "submitApplication",
        Callers.ANYONE_OR_PASSENGER,
        INVALID_ID_NUMBER,
        CONSENT_REQUIRED,
        LOCATION_REQUIRED,
        OUTSIDE_SERVICE_AREA,
        ID_TYPE_NOT_SUPPORTED,
        QUOTA_EXCEEDED,
        ACTIVE_CERTIFICATE_EXISTS,
        IDENTITY_MISMATCH,
        GUARDIAN_REQUIRED,
        IDEMPOTENCY_KEY_REUSED,
        APPLICATION_IN_PROGRESS,
        FACE_CHECKS_LOCKED,
        RATE_LIMITED,
        UNAUTHENTICATED);
    put("GET /api/v1/applications/{id}", "getApplication", Callers.OWNER, NOT_FOUND);
    put(
        "POST /api/v1/applications/{id}/liveness-sessions",
        "startLivenessAttempt",
        Callers.OWNER,
        NOT_FOUND,
        NO_ATTEMPTS_LEFT,
        LIVENESS_IN_PROGRESS,
        APPLICATION_NOT_AWAITING_LIVENESS,
        FACE_CHECKS_LOCKED,
        RATE_LIMITED);
    // Liveness
    put("POST /api/v1/liveness/callback", "livenessCallback", Callers.PROVIDER, NOT_FOUND);
    put(
        "GET /api/v1/liveness/{sessionId}/certificate",
        "getLookupResult",
        Callers.ANYONE,
        NOT_FOUND,
        FACE_CHECKS_LOCKED);
    // Certificates and QR frames
    put(
        "POST /api/v1/certificates/lookup",
        "lookupCertificate",
        Callers.ANYONE,
        FACE_CHECKS_LOCKED,
        RATE_LIMITED);
    put("GET /api/v1/certificates/{id}", "getCertificate", Callers.OWNER, NOT_FOUND);
    put(
        "POST /api/v1/certificates/{id}/view-sessions",
        "openViewSession",
        Callers.OWNER,
        NOT_FOUND,
        LIVENESS_REQUIRED,
        FACE_CHECKS_LOCKED,
        CERTIFICATE_EXPIRED,
        CERTIFICATE_SUPERSEDED,
        CERTIFICATE_REVOKED);
    put(
        "POST /api/v1/certificates/{id}/reverifications",
        "startReverification",
        Callers.OWNER,
        NOT_FOUND,
        FACE_CHECKS_LOCKED,
        RATE_LIMITED,
        CERTIFICATE_EXPIRED,
        CERTIFICATE_SUPERSEDED,
        CERTIFICATE_REVOKED);
    put("GET /api/v1/certificates/{id}/checks", "listCertificateChecks", Callers.OWNER, NOT_FOUND);
    put(
        "POST /api/v1/certificates/{id}/revocation",
        "revokeOwnCertificate",
        Callers.OWNER,
        NOT_FOUND,
        LIVENESS_REQUIRED,
        FACE_CHECKS_LOCKED,
        CERTIFICATE_NOT_ACTIVE);
    put(
        "GET /api/v1/certificates/{id}/qr",
        "getQrFrame",
        Callers.VIEWER,
        NOT_FOUND,
        FACE_CHECKS_LOCKED,
        CERTIFICATE_EXPIRED,
        CERTIFICATE_SUPERSEDED,
        CERTIFICATE_REVOKED);
    // Checkpoints
    put(
        "POST /api/v1/verifications",
        "verifyFrame",
        Callers.CHECKPOINT_DEVICE,
        CHECKPOINT_TYPE_NOT_ALLOWED,
        TICKET_MATCH_LIMITED);
    put(
        "POST /api/v1/verifications/offline",
        "uploadOfflineSightings",
        Callers.CHECKPOINT_DEVICE,
        CHECKPOINT_TYPE_NOT_ALLOWED);
    put("GET /api/v1/verification-keys", "getVerificationKeys", Callers.ANYONE);
    put("GET /api/v1/status-list", "getStatusList", Callers.CHECKPOINT_DEVICE);
    // Operators
    put("GET /api/v1/reviews", "listReviews", Callers.OPERATOR_USER, FORBIDDEN);
    put("GET /api/v1/reviews/{taskId}", "getReview", Callers.OPERATOR_USER, FORBIDDEN, NOT_FOUND);
    put(
        "POST /api/v1/reviews/{taskId}",
        "decideReview",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    put(
        "GET /api/v1/reviews/{taskId}/decision",
        "getReviewDecision",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    put(
        "POST /api/v1/operator/certificates/{id}/revocation",
        "revokeCertificateAsOperator",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    put(
        "GET /api/v1/operator/face-check-events",
        "listFaceCheckEvents",
        Callers.OPERATOR_USER,
        FORBIDDEN);
    put(
        "POST /api/v1/operator/face-check-events/{eventId}/lift-lock",
        "liftFaceCheckLock",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    put(
        "POST /api/v1/operator/migrations",
        "migrateProcessInstances",
        Callers.OPERATOR_USER,
        FORBIDDEN);
    put("GET /api/v1/audit", "listAuditEntries", Callers.OPERATOR_USER, FORBIDDEN);
    put("GET /api/v1/decisions", "listDecisions", Callers.OPERATOR_USER, FORBIDDEN, NOT_FOUND);
    put("GET /api/v1/decisions/contract", "getDecisionContract", Callers.OPERATOR_USER, FORBIDDEN);
    put(
        "POST /api/v1/decisions/{key}/replay",
        "replayDecision",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND,
        RULE_GATE_FAILED);
    put(
        "GET /api/v1/decisions/deployments",
        "listDecisionDeployments",
        Callers.OPERATOR_USER,
        FORBIDDEN);
    put(
        "POST /api/v1/decisions/{key}/rollback",
        "rollbackDecision",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND,
        RULE_GATE_FAILED);
    put(
        "POST /api/v1/checkpoint-keys",
        "registerCheckpointKey",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        CHECKPOINT_EXISTS);
    put("GET /api/v1/checkpoint-keys", "listCheckpointKeys", Callers.OPERATOR_USER, FORBIDDEN);
    put(
        "PUT /api/v1/checkpoint-keys/{id}/roles",
        "changeCheckpointRoles",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    put(
        "DELETE /api/v1/checkpoint-keys/{id}",
        "revokeCheckpointKey",
        Callers.OPERATOR_USER,
        FORBIDDEN,
        NOT_FOUND);
    // Demo profile only (404 in every other profile)
    put("GET /api/v1/demo/clock", "getDemoClock", Callers.ANYONE, NOT_FOUND);
    put("POST /api/v1/demo/clock", "moveDemoClock", Callers.ANYONE, NOT_FOUND);
    put(
        "POST /api/v1/demo/users",
        "createDemoUser",
        Callers.ANYONE,
        NOT_FOUND,
        INVALID_ID_NUMBER,
        ACCOUNT_EXISTS);
    put(
        "POST /api/v1/demo/registry/persons",
        "createDemoRegistryPerson",
        Callers.ANYONE,
        NOT_FOUND,
        INVALID_ID_NUMBER);
    put(
        "POST /api/v1/demo/liveness/{sessionId}",
        "completeDemoLiveness",
        Callers.ANYONE,
        NOT_FOUND);
  }

  private ApiContract() {}

  private static void put(
      String operation, String operationId, Callers callers, ProblemCode... codes) {
    Set<ProblemCode> set = EnumSet.noneOf(ProblemCode.class);
    set.addAll(List.of(codes));
    // a missing or wrong credential: 401 (the QR page asks for a new face check instead)
    if (callers == Callers.VIEWER) {
      set.add(REVERIFICATION_REQUIRED);
    } else if (callers != Callers.ANYONE) {
      set.add(UNAUTHENTICATED);
    }
    if (callers == Callers.OPERATOR_USER) {
      set.add(RATE_LIMITED); // too many failed operator logins from one address
    }
    String[] methodAndPath = operation.split(" ", 2);
    if (Lane.of(methodAndPath[0], methodAndPath[1]) == Lane.POLL) {
      set.add(RATE_LIMITED); // a poll shed at peak load (docs/scaling.md), with Retry-After
    }
    OPERATIONS.put(operation, new Entry(operationId, callers, Collections.unmodifiableSet(set)));
  }

  /** The entry of {@code "METHOD /path"}, or null for an operation not in the contract. */
  public static Entry of(String operation) {
    return OPERATIONS.get(operation);
  }

  /** Every operation of the contract. */
  public static List<String> operations() {
    return new ArrayList<>(OPERATIONS.keySet());
  }
}
