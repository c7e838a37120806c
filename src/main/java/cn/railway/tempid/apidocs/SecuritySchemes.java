package cn.railway.tempid.apidocs;

import cn.railway.tempid.shared.web.CallerKind;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The security schemes of the OpenAPI document ({@link ContractCustomizer}): one per kind of caller
 * ({@link CallerKind}), named as the operations' security requirements name them.
 */
final class SecuritySchemes {
  private SecuritySchemes() {}

  static void addTo(Components components) {
    components
        .addSecuritySchemes(
            CallerKind.PASSENGER_SCHEME,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("Registered passenger: the accessToken from POST /api/v1/auth/login"))
        .addSecuritySchemes(
            CallerKind.GUEST_SCHEME,
            apiKey(
                "X-Applicant-Token",
                "Guest: the applicantToken returned once when a guest submits an application"))
        .addSecuritySchemes(
            CallerKind.VIEW_SESSION_SCHEME,
            apiKey(
                "X-View-Session",
                "QR viewing: the viewSessionToken from POST"
                    + " /api/v1/certificates/{id}/view-sessions (30 minutes)"))
        .addSecuritySchemes(
            CallerKind.CHECKPOINT_SCHEME,
            apiKey(
                "X-Checkpoint-Key",
                "Checkpoint device: a key registered by an administrator (demo profile:"
                    + " demo-checkpoint-key)"))
        .addSecuritySchemes(
            CallerKind.OPERATOR_SCHEME,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("basic")
                .description(
                    "Operators and reviewers: a Camunda user (the same as for Cockpit/Tasklist)"))
        .addSecuritySchemes(
            CallerKind.LIVENESS_PROVIDER_SCHEME,
            apiKey(
                "X-Liveness-Signature",
                "The liveness provider's callback: hex HMAC-SHA256 of the body with the shared"
                    + " secret"));
  }

  private static SecurityScheme apiKey(String header, String description) {
    return new SecurityScheme()
        .type(SecurityScheme.Type.APIKEY)
        .in(SecurityScheme.In.HEADER)
        .name(header)
        .description(description);
  }
}
