package cn.railway.tempid.shared.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The API's routes as the controllers declare them ({@link Route}): read from Spring MVC's handler
 * methods, the one source of the authorization rules and of the OpenAPI document's callers and
 * problem responses.
 */
public final class Routes {

  /** Where the API's routes live; every handler of this application under it is declared. */
  public static final String API_PREFIX = "/api/";

  private static final String APPLICATION_PACKAGE = "cn.railway.tempid.";

  /** One route: {@code METHOD /path}, its path pattern and its declaration. */
  public record Declared(String method, PathPattern path, Route route) {

    /** {@code "METHOD /path"}, as the OpenAPI document names its operations. */
    public String name() {
      return method + " " + path.getPatternString();
    }
  }

  private Routes() {}

  /**
   * Every declared route, most specific path first (the order Spring MVC prefers them in).
   *
   * @throws IllegalStateException when a route under {@value #API_PREFIX} has no declaration or
   *     more than one, a declaration names no caller, or one sits outside the API
   */
  public static List<Declared> of(RequestMappingHandlerMapping handlers) {
    Map<String, List<Route>> byRoute = new TreeMap<>();
    Map<String, PathPattern> patterns = new LinkedHashMap<>();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.getHandlerMethods().entrySet()) {
      HandlerMethod handler = e.getValue();
      if (!handler.getBeanType().getName().startsWith(APPLICATION_PACKAGE)) {
        continue; // springdoc's and Boot's own endpoints
      }
      Route route = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Route.class);
      Set<PathPattern> paths =
          e.getKey().getPathPatternsCondition() == null
              ? Set.of()
              : e.getKey().getPathPatternsCondition().getPatterns();
      Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
      for (PathPattern path : paths) {
        if (!path.getPatternString().startsWith(API_PREFIX)) {
          if (route != null) {
            wrong.add(handler + ": a @Route outside " + API_PREFIX);
          }
          continue;
        }
        if (methods.isEmpty()) {
          wrong.add(handler + ": an API route names its HTTP method");
          continue;
        }
        for (RequestMethod method : methods) {
          String name = method.name() + " " + path.getPatternString();
          patterns.put(name, path);
          List<Route> declared = byRoute.computeIfAbsent(name, n -> new ArrayList<>());
          if (route != null) {
            declared.add(route);
          }
        }
      }
    }
    List<Declared> routes = new ArrayList<>();
    byRoute.forEach(
        (name, declared) -> {
          if (declared.size() != 1) {
            wrong.add(name + ": " + declared.size() + " @Route declarations, needs exactly one");
          } else if (declared.get(0).callers().length == 0) {
            wrong.add(name + ": @Route names no caller");
          } else {
            routes.add(new Declared(name.split(" ", 2)[0], patterns.get(name), declared.get(0)));
          }
        });
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("API routes without one declaration: " + wrong);
    }
    routes.sort(
        Comparator.comparing(Declared::path, PathPattern.SPECIFICITY_COMPARATOR)
            .thenComparing(Declared::name));
    return routes;
  }

  /** The routes by path pattern, most specific first (as {@link #of} orders them). */
  public static Map<String, List<Declared>> byPath(List<Declared> routes) {
    Map<String, List<Declared>> byPath = new LinkedHashMap<>();
    for (Declared route : routes) {
      byPath.computeIfAbsent(route.path().getPatternString(), p -> new ArrayList<>()).add(route);
    }
    return byPath;
  }

  /**
   * The security scheme alternatives a route is documented with, in declaration order ("" is the
   * anonymous alternative); none for a route anyone may call without a credential.
   */
  public static List<String> schemes(Route route) {
    List<String> schemes =
        Arrays.stream(route.callers()).map(CallerKind::scheme).distinct().toList();
    return schemes.equals(List.of(CallerKind.ANYONE.scheme())) ? List.of() : schemes;
  }

  /** Whether the API's authorization lets every request through (the handler checks, if any). */
  public static boolean openToAll(Route route) {
    return Arrays.stream(route.callers()).anyMatch(k -> k.role() == null);
  }

  /** The roles of which a caller needs one, for a route that is not open to all. */
  public static String[] roles(Route route) {
    return Arrays.stream(route.callers()).map(CallerKind::role).distinct().toArray(String[]::new);
  }

  /** Whether a call without any credential is refused (401). */
  public static boolean needsCaller(Route route) {
    return Arrays.stream(route.callers()).noneMatch(k -> k == CallerKind.ANYONE);
  }
}
