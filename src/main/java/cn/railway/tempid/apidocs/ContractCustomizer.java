package cn.railway.tempid.apidocs;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Problems;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import cn.railway.tempid.shared.web.Routes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Turns what springdoc reads from the controllers into the contract of API.md: per operation (from
 * its controller method's {@link Route} and {@link ApiContract}) a stable operation id, the
 * caller's security requirement, every problem response with the reusable {@code Problem} schema
 * and one example per code (the real messages), typed bodies where the controller answers raw text
 * or bytes, and examples from the walk-through (docs/walkthrough.md).
 */
@Component
class ContractCustomizer implements OpenApiCustomizer {
  static final String PROBLEM_JSON = "application/problem+json";
  private static final String JSON = "application/json";
  private static final String REF = "#/components/schemas/";

  private final RequestMappingHandlerMapping handlers;

  ContractCustomizer(
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers) {
    this.handlers = handlers;
  }

  @Override
  public void customise(OpenAPI api) {
    Components components = api.getComponents() == null ? new Components() : api.getComponents();
    api.setComponents(components);
    securitySchemes(components);
    schemas(components);
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().remove("/error"); // the servlet error page, not an operation
    Map<String, Route> routes = new HashMap<>();
    Routes.of(handlers).forEach(route -> routes.put(route.name(), route.route()));
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          Route route = routes.get(method + " " + path);
                          if (route != null) {
                            contract(method, path, operation, route);
                          }
                        }));
  }

  private static void contract(
      PathItem.HttpMethod method, String path, Operation operation, Route route) {
    operation.setOperationId(route.id());
    security(operation, route);
    ApiResponses responses = operation.getResponses();
    responses.values().forEach(ContractCustomizer::noWildcard);
    if (operation.getRequestBody() != null) {
      noWildcardBody(operation.getRequestBody());
    }
    typed(method + " " + path, operation);
    Set<ProblemCode> codes = new java.util.TreeSet<>(ApiContract.COMMON);
    if (operation.getRequestBody() != null) {
      codes.addAll(ApiContract.WITH_BODY);
    }
    codes.addAll(ApiContract.codes(method.name(), path, route));
    Map<Integer, List<ProblemCode>> byStatus =
        codes.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.status().value(),
                    TreeMap::new,
                    Collectors.toCollection(ArrayList::new)));
    byStatus.forEach((status, list) -> responses.put(status.toString(), problem(status, list)));
  }

  private static void security(Operation operation, Route route) {
    List<SecurityRequirement> requirements = new ArrayList<>();
    for (String scheme : Routes.schemes(route)) {
      requirements.add(
          scheme.isEmpty() ? new SecurityRequirement() : new SecurityRequirement().addList(scheme));
    }
    operation.setSecurity(requirements.isEmpty() ? null : requirements);
  }

  /** A problem response: the codes of this status, each as an example with its real messages. */
  private static ApiResponse problem(int status, List<ProblemCode> codes) {
    MediaType media = new MediaType().schema(new Schema<>().$ref(REF + "Problem"));
    for (ProblemCode code : codes) {
      ProblemDetail example = Problems.of(code, HttpStatus.valueOf(status), null, Map.of());
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("type", String.valueOf(example.getType()));
      value.put("title", example.getTitle());
      value.put("status", example.getStatus());
      value.put("detail", example.getDetail());
      if (example.getProperties() != null) {
        value.putAll(example.getProperties());
      }
      if (status >= 500) {
        // the document is built during a request: never that request's trace id
        value.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      }
      if (status == 429 || status == 503) {
        value.put(ApiException.RETRY_AFTER_SECONDS, 5);
      }
      if (code == ProblemCode.VALIDATION_FAILED) {
        value.put("detail", "Field 'location.latitude': must be less than or equal to 90");
        value.put(
            "errors",
            List.of(
                Map.of(
                    "field",
                    "location.latitude",
                    "code",
                    "RANGE",
                    "message",
                    "must be less than or equal to 90")));
      }
      media.addExamples(code.name(), new Example().summary(code.messageEn()).value(value));
    }
    ApiResponse response =
        new ApiResponse()
            .description(
                HttpStatus.valueOf(status).getReasonPhrase()
                    + ": "
                    + codes.stream().map(Enum::name).collect(Collectors.joining(", ")))
            .content(new Content().addMediaType(PROBLEM_JSON, media));
    if (status == 429 || status == 503) {
      response.addHeaderObject(
          "Retry-After",
          new Header()
              .description("Seconds to wait before trying again")
              .schema(new IntegerSchema()));
    }
    return response;
  }

  private static void noWildcard(ApiResponse response) {
    Content content = response.getContent();
    if (content != null && content.containsKey("*/*")) {
      MediaType media = content.remove("*/*");
      content.addMediaType(JSON, media);
    }
  }

  private static void noWildcardBody(RequestBody body) {
    Content content = body.getContent();
    if (content != null && content.containsKey("*/*")) {
      content.addMediaType(JSON, content.remove("*/*"));
    }
  }

  /** Bodies the controllers answer as text, bytes or a generic object, typed as they really are. */
  private static void typed(String operation, Operation op) {
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
                    .content(json(REF + "ApplicationView", Examples.submitted())));
        op.getRequestBody()
            .getContent()
            .get(JSON)
            .addExamples("guest", new Example().value(Examples.submitRequest()));
      }
      case "GET /api/v1/verification-keys" ->
          op.getResponses()
              .put(
                  "200",
                  new ApiResponse()
                      .description("The published keys (current, next and recently retired)")
                      .content(json(REF + "JwkSet", null)));
      case "GET /api/v1/status-list" -> {
        ApiResponse ok = op.getResponses().get("200");
        ok.description(
            "JSON: withdrawn certificates still within their validity. With Accept:"
                + " application/statuslist+jwt: an IETF Token Status List token (JWS compact)");
        ok.getContent().get(JSON).schema(new Schema<>().$ref(REF + "StatusList"));
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
                              JSON,
                              new MediaType()
                                  .schema(new Schema<>().$ref(REF + "LivenessCallback")))));
      case "POST /api/v1/verifications" ->
          op.getRequestBody()
              .getContent()
              .get(JSON)
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
    return new Content().addMediaType(JSON, media);
  }

  private static void securitySchemes(Components components) {
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

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void schemas(Components components) {
    Schema fieldError =
        new ObjectSchema()
            .description("One invalid field; never echoes the rejected value")
            .addProperty("field", new StringSchema().example("location.latitude"))
            .addProperty("code", new StringSchema().example("RANGE"))
            .addProperty("message", new StringSchema());
    fieldError.setRequired(List.of("field", "code", "message"));
    components.addSchemas("FieldError", fieldError);

    StringSchema code = new StringSchema();
    for (ProblemCode c : ProblemCode.values()) {
      code.addEnumItem(c.name());
    }
    Schema problem =
        new ObjectSchema()
            .description(
                "RFC 9457 problem details with this API's stable code and the passenger's messages")
            .addProperty("type", new StringSchema().example("urn:tempid:problem:quota-exceeded"))
            .addProperty("title", new StringSchema())
            .addProperty("status", new IntegerSchema().format("int32"))
            .addProperty("detail", new StringSchema())
            .addProperty("instance", new StringSchema())
            .addProperty(
                "code",
                code.description(
                    "Stable code (API.md); application reason codes are listed too, as they"
                        + " appear in Application.reasonCode"))
            .addProperty("messageZh", new StringSchema())
            .addProperty("messageEn", new StringSchema())
            .addProperty(
                "guidance",
                new StringSchema()
                    ._enum(List.of(ProblemCode.STATION_POLICE_WINDOW))
                    .description("Where to go when no electronic certificate can be had (R15)"))
            .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(REF + "FieldError")))
            .addProperty(
                "retryAfterSeconds",
                new IntegerSchema()
                    .format("int64")
                    .description("With 429 and 503: as the Retry-After header"))
            .addProperty(
                "applicationId",
                new StringSchema().description("Business refusals of POST /applications (422)"))
            .addProperty(
                "renewalOpensAt",
                new DateTimeSchema().description("With ACTIVE_CERTIFICATE_EXISTS"))
            .addProperty(
                "traceId",
                new StringSchema().description("With 5xx: the id an operator searches logs for"));
    problem.setRequired(List.of("status", "title", "code", "messageZh", "messageEn"));
    components.addSchemas("Problem", problem);

    Schema jwk =
        new ObjectSchema()
            .description("An Ed25519 public key (RFC 8037)")
            .addProperty("kty", new StringSchema()._enum(List.of("OKP")))
            .addProperty("crv", new StringSchema()._enum(List.of("Ed25519")))
            .addProperty("kid", new StringSchema())
            .addProperty("x", new StringSchema().description("base64url public key"))
            .addProperty("use", new StringSchema().example("sig"))
            .addProperty("alg", new StringSchema().example("EdDSA"))
            .addProperty(
                "nbf", new IntegerSchema().format("int64").description("not before, epoch s"))
            .addProperty(
                "exp", new IntegerSchema().format("int64").description("expires, epoch s"));
    jwk.setRequired(List.of("kty", "crv", "kid", "x"));
    components.addSchemas("Jwk", jwk);
    Schema jwks =
        new ObjectSchema()
            .description("JWK set (RFC 7517)")
            .addProperty("keys", new ArraySchema().items(new Schema<>().$ref(REF + "Jwk")));
    jwks.setRequired(List.of("keys"));
    components.addSchemas("JwkSet", jwks);

    Schema entry =
        new ObjectSchema()
            .addProperty("certificateId", new StringSchema())
            .addProperty(
                "status", new StringSchema()._enum(List.of("SUPERSEDED", "REVOKED", "EXPIRED")))
            .addProperty("since", new DateTimeSchema());
    components.addSchemas("StatusListEntry", entry);
    Schema statusList =
        new ObjectSchema()
            .addProperty("issuedAt", new DateTimeSchema())
            .addProperty("ttlSeconds", new IntegerSchema().format("int64"))
            .addProperty(
                "revoked", new ArraySchema().items(new Schema<>().$ref(REF + "StatusListEntry")));
    components.addSchemas("StatusList", statusList);

    Schema callback = new ObjectSchema().addProperty("sessionId", new StringSchema().maxLength(64));
    callback.setRequired(List.of("sessionId"));
    components.addSchemas("LivenessCallback", callback);
  }
}
