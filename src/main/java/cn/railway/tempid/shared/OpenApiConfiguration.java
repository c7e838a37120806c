package cn.railway.tempid.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: title, server and the callers' credential schemes;
 * the per-operation contract is added by {@code apidocs.ContractCustomizer}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI temporaryIdOpenApi() {
    return new OpenAPI()
        // relative: the document is the same on every node and port (clients set their base URL)
        .servers(java.util.List.of(new Server().url("/").description("this service")))
        .info(
            new Info()
                .title("Temporary travel identity certificate (电子临时乘车身份证明)")
                .version("v1")
                .description(
                    "Passenger, checkpoint and operator API of the case processor. Errors are "
                        + "RFC 9457 problem details with a stable `code`, `messageZh`, `messageEn` and, "
                        + "where the passenger should go to the station police ID window, `guidance`."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "passenger",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("Access token from POST /api/v1/auth/login"))
                .addSecuritySchemes(
                    "guest",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Applicant-Token")
                        .description("Returned once when a guest submits an application"))
                .addSecuritySchemes(
                    "operator",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("A Camunda user (the same as for Cockpit/Tasklist)")));
  }
}
