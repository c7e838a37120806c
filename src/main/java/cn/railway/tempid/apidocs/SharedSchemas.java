package cn.railway.tempid.apidocs;

import cn.railway.tempid.shared.problem.ProblemCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;

/**
 * The schemas the OpenAPI document ({@link ContractCustomizer}) adds to what springdoc reads: the
 * RFC 9457 {@code Problem} with its {@code FieldError}, the JWK set of the verification keys, the
 * status list and the liveness provider's callback.
 */
final class SharedSchemas {
  private SharedSchemas() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  static void addTo(Components components) {
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
            .addProperty(
                "errors",
                new ArraySchema().items(new Schema<>().$ref(ContractCustomizer.REF + "FieldError")))
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
            .addProperty(
                "keys",
                new ArraySchema().items(new Schema<>().$ref(ContractCustomizer.REF + "Jwk")));
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
                "revoked",
                new ArraySchema()
                    .items(new Schema<>().$ref(ContractCustomizer.REF + "StatusListEntry")));
    components.addSchemas("StatusList", statusList);

    Schema callback = new ObjectSchema().addProperty("sessionId", new StringSchema().maxLength(64));
    callback.setRequired(List.of("sessionId"));
    components.addSchemas("LivenessCallback", callback);
  }
}
