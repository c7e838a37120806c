package cn.railway.tempid.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.web.Routes;
import cn.railway.tempid.support.ApplicationTest;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who gets past the API chain's authorization on every route, for every method a route's path knows
 * and every kind of caller, compared with the committed table {@value #COMMITTED}: a change of who
 * may call what shows up as a diff of that table. The decision is asked of the chain's own
 * authorization rules (no controller runs): granted, or denied (401 without a caller, 403 with
 * one).
 *
 * <p>After a deliberate change: {@code -Droutes.write=true} rewrites the table (review the diff).
 */
@ApplicationTest
class RouteAccessTest {
  static final String COMMITTED = "src/test/security/route-access.txt";

  @Autowired FilterChainProxy chains;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlers;

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  /** Caller kinds by the authorities the credential filter gives them. */
  private static final Map<String, Authentication> CALLERS = new LinkedHashMap<>();

  static {
    CALLERS.put(
        "anonymous",
        new AnonymousAuthenticationToken(
            "key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    for (String role :
        List.of(
            "PASSENGER",
            "GUEST",
            "CHECKPOINT",
            "REVIEWERS",
            "SUPERVISORS",
            "ANALYSTS",
            "CAMUNDA_ADMIN",
            "MONITORING")) {
      CALLERS.put(
          role.toLowerCase(java.util.Locale.ROOT),
          UsernamePasswordAuthenticationToken.authenticated(
              role, null, AuthorityUtils.createAuthorityList("ROLE_" + role)));
    }
  }

  @Test
  void whoMayCallEachRoute_isTheCommittedTable() throws Exception {
    AuthorizationManager<HttpServletRequest> rules = apiRules();
    TreeSet<String> paths = new TreeSet<>();
    handlers.getHandlerMethods().keySet().forEach(info -> paths.addAll(info.getPatternValues()));
    // paths no controller maps, served by others or by no one
    paths.addAll(
        List.of(
            "/api/v1/no-such-route",
            "/forms/review.html",
            "/v3/api-docs",
            "/swagger-ui.html",
            "/actuator/health",
            "/actuator/prometheus",
            "/actuator/metrics",
            "/elsewhere"));
    List<String> lines = new ArrayList<>();
    for (String path : paths) {
      for (String method : METHODS) {
        StringBuilder line = new StringBuilder(method + " " + path + ":");
        for (Map.Entry<String, Authentication> caller : CALLERS.entrySet()) {
          MockHttpServletRequest request =
              new MockHttpServletRequest(method, path.replaceAll("\\{[^}]+}", "x1"));
          request.setServletPath(request.getRequestURI());
          AuthorizationResult result = rules.authorize(caller::getValue, request);
          if (result != null && result.isGranted()) {
            line.append(' ').append(caller.getKey());
          }
        }
        lines.add(line.toString());
      }
    }
    String table = String.join("\n", lines) + "\n";
    Path committed = Path.of(COMMITTED);
    if (Boolean.getBoolean("routes.write")) {
      Files.writeString(committed, table, StandardCharsets.UTF_8);
    }
    assertThat(table)
        .as(COMMITTED + " (rerun with -Droutes.write=true and review the diff)")
        .isEqualTo(Files.readString(committed, StandardCharsets.UTF_8));
  }

  /**
   * Every route of the running application has its one declaration naming a caller (else it would
   * not have started), and the security configuration and the document's contract hold no table of
   * API paths of their own.
   */
  @Test
  void everyRoute_isDeclaredOnce_onItsControllerMethod_andNowhereElse() throws Exception {
    List<Routes.Declared> routes = Routes.of(handlers);
    assertThat(routes).hasSizeGreaterThan(30);
    assertThat(routes).allSatisfy(r -> assertThat(r.route().callers()).isNotEmpty());
    assertThat(routes).extracting(r -> r.route().id()).doesNotHaveDuplicates();
    for (String source :
        List.of(
            "src/main/java/cn/railway/tempid/security/SecurityConfiguration.java",
            "src/main/java/cn/railway/tempid/apidocs/ApiContract.java")) {
      String text = Files.readString(Path.of(source), StandardCharsets.UTF_8);
      assertThat(text.replace("\"/api/v1/**\"", ""))
          .as(source + " names no API path")
          .doesNotContain("\"/api/");
    }
  }

  @SuppressWarnings("unchecked")
  private AuthorizationManager<HttpServletRequest> apiRules() {
    MockHttpServletRequest probe = new MockHttpServletRequest("GET", "/api/v1/me");
    probe.setServletPath("/api/v1/me");
    for (SecurityFilterChain chain : chains.getFilterChains()) {
      if (chain.matches(probe)) {
        return chain.getFilters().stream()
            .filter(AuthorizationFilter.class::isInstance)
            .map(f -> ((AuthorizationFilter) f).getAuthorizationManager())
            .findFirst()
            .orElseThrow();
      }
    }
    throw new AssertionError("no chain serves /api/v1/me");
  }
}
