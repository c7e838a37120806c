/**
 * The OpenAPI document at {@code /v3/api-docs} as a contract (API.md): which caller each operation
 * needs ({@link ApiContract}), the problem codes each answers and the reusable problem+json schema,
 * filled in by {@code ContractCustomizer} on top of what springdoc reads from the controllers.
 */
package cn.railway.tempid.apidocs;
