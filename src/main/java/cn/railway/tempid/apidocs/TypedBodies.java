package cn.railway.tempid.apidocs;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The bodies of the OpenAPI document ({@link ContractCustomizer}) as the controllers really answer
 * and accept them: JSON instead of springdoc's wildcard media type, typed schemas where a
 * controller answers text, bytes or a generic object, and examples from the walk-through
 * (docs/walkthrough.md).
 */
final class TypedBodies {
  private TypedBodies() {}

  /** A response springdoc typed with a wildcard media type, as the JSON it is. */
  static void noWildcard(ApiResponse response) {
    Content content = response.getContent();
    if (content != null && content.containsKey("*/*")) {
      MediaType media = content.remove("*/*");
      content.addMediaType(ContractCustomizer.JSON, media);
    }
  }

  /** A request body springdoc typed with a wildcard media type, as the JSON it is. */
  static void noWildcardBody(RequestBody body) {
    Content content = body.getContent();
    if (content != null && content.containsKey("*/*")) {
      content.addMediaType(ContractCustomizer.JSON, content.remove("*/*"));
    }
  }

  /** Bodies the controllers answer as text, bytes or a generic object, typed as they really are. */
  static void typed(String operation, Operation op) {
    switch (operation) {
      case "POST /api/v1/applications" -> {
        op.getResponses().remove("200");
        op.getResponses()
            .put(
                "201",
                new ApiResponse()
                    .description(
                        "Accepted; waiting for liveness (for guests with the applicantToken, shown"
                            + " once)")
                    .addHeaderObject(
                        "Location",
                        new Header()
                            .description("/api/v1/applications/{applicationId}")
                            .schema(new StringSchema()))
                    .content(
                        json(ContractCustomizer.REF + "ApplicationView", Examples.submitted())));
        op.getRequestBody()
            .getContent()
            .get(ContractCustomizer.JSON)
            .addExamples("guest", new Example().value(Examples.submitRequest()));
      }
      case "GET /api/v1/verification-keys" ->
          op.getResponses()
              .put(
                  "200",
                  new ApiResponse()
                      .description("The published keys (current, next and recently retired)")
                      .content(json(ContractCustomizer.REF + "JwkSet", null)));
      case "GET /api/v1/status-list" -> {
        ApiResponse ok = op.getResponses().get("200");
        ok.description(
            "JSON: withdrawn certificates still within their validity. With Accept:"
                + " application/statuslist+jwt: an IETF Token Status List token (JWS compact)");
        ok.getContent()
            .get(ContractCustomizer.JSON)
            .schema(new Schema<>().$ref(ContractCustomizer.REF + "StatusList"));
      }
      case "POST /api/v1/liveness/callback" ->
          op.setRequestBody(
              new RequestBody()
                  .required(true)
                  .description(
                      "Signed by the provider: X-Liveness-Signature is the hex HMAC-SHA256 of this"
                          + " body with the shared callback secret")
                  .content(
                      new Content()
                          .addMediaType(
                              ContractCustomizer.JSON,
                              new MediaType()
                                  .schema(
                                      new Schema<>()
                                          .$ref(ContractCustomizer.REF + "LivenessCallback")))));
      case "POST /api/v1/verifications" ->
          op.getRequestBody()
              .getContent()
              .get(ContractCustomizer.JSON)
              .addExamples("gate", new Example().value(Examples.verificationRequest()));
      case "GET /api/v1/certificates/{id}/qr" -> {
        ApiResponse ok = op.getResponses().get("200");
        ok.description(
            "The current frame (JSON) or, with Accept: image/png, its QR code image; never"
                + " cached");
        if (ok.getContent() != null && ok.getContent().get("image/png") != null) {
          ok.getContent().get("image/png").schema(new BinarySchema());
        }
      }
      default -> {}
    }
  }

  private static Content json(String ref, Object example) {
    MediaType media = new MediaType().schema(new Schema<>().$ref(ref));
    if (example != null) {
      media.setExample(example);
    }
    return new Content().addMediaType(ContractCustomizer.JSON, media);
  }
}
