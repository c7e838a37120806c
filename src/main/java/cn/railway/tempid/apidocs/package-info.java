/**
 * The OpenAPI document at {@code /v3/api-docs} as a contract (API.md): which caller each operation
 * needs and the problem codes it answers (declared once, on the controller method: {@code
 * shared.web.Route}; {@link ApiContract} adds the codes every operation answers) and the reusable
 * problem+json schema, filled in by {@code ContractCustomizer} on top of what springdoc reads from
 * the controllers.
 */
package cn.railway.tempid.apidocs;
