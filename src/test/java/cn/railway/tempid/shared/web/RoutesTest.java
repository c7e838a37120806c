package cn.railway.tempid.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.problem.ProblemCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A route is one controller method and its {@link Route}: the routes are read from the handler
 * methods, and a route under {@code /api/} without exactly one declaration naming a caller is
 * refused (the application does not start: {@code SecurityConfiguration} reads them).
 */
class RoutesTest {

  @RestController
  @RequestMapping("/api/v1/things")
  static class Declared {
    @Route(
        id = "getThing",
        callers = {CallerKind.PASSENGER, CallerKind.GUEST},
        problems = ProblemCode.NOT_FOUND)
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String json() {
      return "{}";
    }

    // the same route's other representation: declared above
    @GetMapping(path = "/{id}", produces = MediaType.IMAGE_PNG_VALUE)
    byte[] png() {
      return new byte[0];
    }

    @Route(id = "lookUpThing", callers = CallerKind.ANYONE)
    @PostMapping("/lookup")
    String lookup() {
      return "{}";
    }
  }

  @RestController
  static class ErrorPageLike {
    @GetMapping("/error-page-like") // not under /api/: not a route
    String notARoute() {
      return "";
    }
  }

  @RestController
  static class Undeclared {
    @PostMapping("/api/v1/forgotten")
    String forgotten() {
      return "";
    }
  }

  @RestController
  static class DeclaredTwice {
    @Route(id = "a", callers = CallerKind.CHECKPOINT)
    @GetMapping(path = "/api/v1/twice", produces = MediaType.APPLICATION_JSON_VALUE)
    String json() {
      return "";
    }

    @Route(id = "b", callers = CallerKind.PASSENGER)
    @GetMapping(path = "/api/v1/twice", produces = MediaType.TEXT_PLAIN_VALUE)
    String text() {
      return "";
    }
  }

  @RestController
  static class NoCaller {
    @Route(
        id = "nobody",
        callers = {})
    @GetMapping("/api/v1/nobody")
    String nobody() {
      return "";
    }
  }

  private static RequestMappingHandlerMapping handlers(Class<?>... controllers) {
    StaticWebApplicationContext context = new StaticWebApplicationContext();
    for (Class<?> controller : controllers) {
      context.registerSingleton(controller.getSimpleName(), controller);
    }
    context.refresh();
    RequestMappingHandlerMapping handlers = new RequestMappingHandlerMapping();
    handlers.setApplicationContext(context);
    handlers.afterPropertiesSet();
    return handlers;
  }

  @Test
  void eachRoute_isItsMethodAndPathWithItsOneDeclaration_mostSpecificPathFirst() {
    List<Routes.Declared> routes = Routes.of(handlers(Declared.class, ErrorPageLike.class));
    assertThat(routes)
        .extracting(Routes.Declared::name)
        .containsExactly("POST /api/v1/things/lookup", "GET /api/v1/things/{id}");
    Route get = routes.get(1).route();
    assertThat(get.id()).isEqualTo("getThing");
    assertThat(Routes.schemes(get)).containsExactly("passenger", "guest");
    assertThat(Routes.roles(get)).containsExactly("PASSENGER", "GUEST");
    assertThat(Routes.openToAll(get)).isFalse();
    assertThat(Routes.needsCaller(get)).isTrue();
    Route lookup = routes.get(0).route();
    assertThat(Routes.openToAll(lookup)).isTrue();
    assertThat(Routes.needsCaller(lookup)).isFalse();
  }

  @Test
  void aRouteWithoutADeclaration_isRefused() {
    assertThatThrownBy(() -> Routes.of(handlers(Undeclared.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POST /api/v1/forgotten: 0 @Route declarations");
  }

  @Test
  void aRouteDeclaredTwice_isRefused() {
    assertThatThrownBy(() -> Routes.of(handlers(DeclaredTwice.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /api/v1/twice: 2 @Route declarations");
  }

  @Test
  void aDeclarationNamingNoCaller_isRefused() {
    assertThatThrownBy(() -> Routes.of(handlers(NoCaller.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /api/v1/nobody: @Route names no caller");
  }
}
