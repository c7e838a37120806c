package cn.railway.tempid.apidocs;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.Route;
import cn.railway.tempid.shared.web.Routes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Turns what springdoc reads from the controllers into the contract of API.md: per operation (from
 * its controller method's {@link Route} and {@link ApiContract}) a stable operation id, the
 * caller's security requirement, every problem response with the reusable {@code Problem} schema
 * and one example per code (the real messages), typed bodies where the controller answers raw text
 * or bytes, and examples from the walk-through (docs/walkthrough.md).
 *
 * <p>Its parts: {@link SecuritySchemes}, {@link SharedSchemas}, {@link ProblemResponses} and {@link
 * TypedBodies}.
 */
@Component
class ContractCustomizer implements OpenApiCustomizer {
  static final String PROBLEM_JSON = "application/problem+json";
  static final String JSON = "application/json";
  static final String REF = "#/components/schemas/";

  private final RequestMappingHandlerMapping handlers;

  ContractCustomizer(
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers) {
    this.handlers = handlers;
  }

  @Override
  public void customise(OpenAPI api) {
    Components components = api.getComponents() == null ? new Components() : api.getComponents();
    api.setComponents(components);
    SecuritySchemes.addTo(components);
    SharedSchemas.addTo(components);
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
    responses.values().forEach(TypedBodies::noWildcard);
    if (operation.getRequestBody() != null) {
      TypedBodies.noWildcardBody(operation.getRequestBody());
    }
    TypedBodies.typed(method + " " + path, operation);
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
    byStatus.forEach(
        (status, list) -> responses.put(status.toString(), ProblemResponses.of(status, list)));
  }

  private static void security(Operation operation, Route route) {
    List<SecurityRequirement> requirements = new ArrayList<>();
    for (String scheme : Routes.schemes(route)) {
      requirements.add(
          scheme.isEmpty() ? new SecurityRequirement() : new SecurityRequirement().addList(scheme));
    }
    operation.setSecurity(requirements.isEmpty() ? null : requirements);
  }
}
