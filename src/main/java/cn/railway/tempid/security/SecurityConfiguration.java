package cn.railway.tempid.security;

import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.Routes;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what. Passenger, guest and operator credentials are resolved by {@link
 * CallerAuthenticationFilter}; Camunda's web apps ({@code /camunda}) keep their own login, and its
 * REST API ({@code /engine-rest}) requires HTTP Basic with a Camunda user (see {@code
 * engine.EngineRestSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * No Micrometer observation around every security filter, authentication and authorization
   * (Spring Security's default once an observation registry exists): nothing reads them (there is
   * no tracer; the {@code http.server.requests} metrics stay), and in the benchmark's profile the
   * wrapped filter chain was about a tenth of every request's CPU (docs/performance.md).
   */
  @Bean
  static SecurityObservationSettings noSecurityFilterObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  @Order(1)
  SecurityFilterChain camundaChain(HttpSecurity http, ProblemWriter problems) throws Exception {
    // Cockpit, Tasklist and Admin authenticate themselves (login page, session, own CSRF filter);
    // /engine-rest is guarded by Camunda's Basic-auth filter registered below.
    // Path-pattern matchers: these paths are served by Camunda's own servlets, not Spring MVC.
    return http.securityMatcher(
            new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher("/camunda/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/engine-rest/**")))
        .authorizeHttpRequests(
            a ->
                // Camunda's first-administrator setup creates an administrator for anyone while
                // none exists: never, in any profile (administrators come from configuration)
                a.requestMatchers(CAMUNDA_SETUP)
                    .denyAll()
                    // no comments on tasks or process instances, through Tasklist or REST: free
                    // text in the engine's tables is where personal data must not go (the review
                    // note is stored encrypted with the decision instead)
                    .requestMatchers(HttpMethod.POST, ENGINE_COMMENTS)
                    .denyAll()
                    .requestMatchers(HttpMethod.PUT, ENGINE_COMMENTS)
                    .denyAll()
                    .requestMatchers(HttpMethod.DELETE, ENGINE_COMMENTS)
                    .denyAll()
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) -> problems.write(res, ProblemCode.FORBIDDEN, null))
                    .accessDeniedHandler(
                        (req, res, ex) -> problems.write(res, ProblemCode.FORBIDDEN, null)))
        .csrf(c -> c.disable())
        .headers(h -> h.frameOptions(f -> f.sameOrigin()))
        .build();
  }

  /** After Camunda's chain (1) and the pages' chain (2, {@code pages.PageSecurity}). */
  @Bean
  @Order(3)
  SecurityFilterChain apiChain(
      HttpSecurity http,
      List<CallerResolver> resolvers,
      ObjectProvider<SessionCallerResolver> sessions,
      ProblemWriter problems,
      Environment environment,
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers)
      throws Exception {
    // Swagger UI: open in the demo profile, an operator's HTTP Basic login (Camunda user) elsewhere
    AuthorizationManager<RequestAuthorizationContext> swaggerUi =
        environment.acceptsProfiles(Profiles.of("demo"))
            ? (auth, context) -> new AuthorizationDecision(true)
            : AuthorityAuthorizationManager.hasRole("OPERATOR");
    RequestMatcher unmapped = new UnmappedPaths(handlers);
    List<Routes.Declared> routes = Routes.of(handlers);
    http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        .addFilterBefore(
            new CallerAuthenticationFilter(resolvers, sessions.orderedStream().toList(), problems),
            BasicAuthenticationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) -> {
                          if (isSwaggerUi(req)) {
                            // lets a browser show its login dialog for the operator's user
                            res.setHeader("WWW-Authenticate", "Basic realm=\"tempid operators\"");
                          }
                          problems.write(res, ProblemCode.UNAUTHENTICATED, null);
                        })
                    .accessDeniedHandler(
                        (req, res, ex) -> {
                          // a passenger calling another caller's endpoint is told to authenticate
                          // properly
                          problems.write(
                              res,
                              req.getUserPrincipal() == null
                                  ? ProblemCode.UNAUTHENTICATED
                                  : ProblemCode.FORBIDDEN,
                              null);
                        }))
        .authorizeHttpRequests(
            a -> {
              // ASYNC: the second dispatch of a request authorized on its first one (the long
              // poll, Prefer: wait=N) only writes the answer; the caller's token is not read
              // again
              a.dispatcherTypeMatchers(
                      DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC)
                  .permitAll()
                  .requestMatchers(SWAGGER_UI)
                  .access(swaggerUi)
                  // a path no controller serves: Spring MVC answers 404 problem+json (not 401)
                  .requestMatchers(unmapped)
                  .permitAll()
                  // Tasklist's review form (static; the case file it shows needs a reviewer)
                  .requestMatchers(HttpMethod.GET, "/forms/**")
                  .permitAll();
              // every API route as its controller method declares it (@Route), most specific
              // path first
              for (Routes.Declared route : routes) {
                allow(a.requestMatchers(matcher(route)), List.of(route));
              }
              // a method no route of a known path declares: whoever may call one of its routes
              // gets Spring MVC's 405 (to OPTIONS, the allowed methods); no controller runs
              Routes.byPath(routes)
                  .forEach(
                      (path, ofPath) ->
                          allow(
                              a.requestMatchers(
                                  PathPatternRequestMatcher.withDefaults().matcher(path)),
                              ofPath));
              a.requestMatchers(
                      "/v3/api-docs", "/v3/api-docs/**", "/actuator/health", "/actuator/health/**")
                  .permitAll()
                  // Prometheus scrapes with a Camunda user of the group `monitoring` (no Camunda
                  // rights)
                  .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                  .hasAnyRole("MONITORING", "CAMUNDA_ADMIN")
                  .requestMatchers("/actuator/**")
                  .hasRole("CAMUNDA_ADMIN")
                  .anyRequest()
                  .denyAll();
            });
    return http.build();
  }

  /** Lets through the callers of any of the routes. */
  private static void allow(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl rule,
      List<Routes.Declared> routes) {
    if (routes.stream().anyMatch(r -> Routes.openToAll(r.route()))) {
      rule.permitAll();
    } else {
      rule.hasAnyRole(
          routes.stream()
              .flatMap(r -> java.util.Arrays.stream(Routes.roles(r.route())))
              .distinct()
              .toArray(String[]::new));
    }
  }

  /** A route's method and path; a GET route also answers HEAD (Spring MVC runs its handler). */
  private static RequestMatcher matcher(Routes.Declared route) {
    String path = route.path().getPatternString();
    RequestMatcher matcher =
        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(route.method()), path);
    return route.method().equals("GET")
        ? new OrRequestMatcher(
            matcher, PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, path))
        : matcher;
  }

  /** Writing comments through Camunda's REST API and the web apps' engine API (Tasklist). */
  static final String[] ENGINE_COMMENTS = {
    "/engine-rest/task/*/comment/**",
    "/engine-rest/task/comment/**",
    "/engine-rest/process-instance/*/comment/**",
    "/engine-rest/process-instance/comment/**",
    "/camunda/api/engine/engine/*/task/*/comment/**",
    "/camunda/api/engine/engine/*/task/comment/**",
    "/camunda/api/engine/engine/*/process-instance/*/comment/**",
    "/camunda/api/engine/engine/*/process-instance/comment/**"
  };

  /** Camunda Admin's first-administrator setup (its page's API). */
  static final String CAMUNDA_SETUP = "/camunda/api/admin/setup/**";

  /** Swagger UI's page, assets and configuration (springdoc). */
  static final String[] SWAGGER_UI = {
    "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/swagger-config"
  };

  private static boolean isSwaggerUi(jakarta.servlet.http.HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/swagger-ui.html")
        || path.startsWith("/swagger-ui/")
        || path.equals("/v3/api-docs/swagger-config");
  }

  /** There are no Spring-managed users: stops Boot from creating a default user and password. */
  @Bean
  AuthenticationProvider noDefaultUser() {
    return new AuthenticationProvider() {
      @Override
      public org.springframework.security.core.Authentication authenticate(
          org.springframework.security.core.Authentication authentication) {
        throw new BadCredentialsException("no form or basic login on this chain");
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return false;
      }
    };
  }
}
