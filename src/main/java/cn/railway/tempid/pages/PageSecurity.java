package cn.railway.tempid.pages;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The pages are static files anyone may load (they hold no data; every call they make is authorised
 * by the API). Their answers carry a strict Content-Security-Policy: no inline script or style,
 * nothing from another origin, no framing; the camera and location only for this origin.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

  /** The policy of every page; tests read it from here. */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' blob: data:",
          "connect-src 'self'",
          "worker-src 'self'",
          "manifest-src 'self'",
          "media-src 'self' blob:",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  static final String PERMISSIONS_POLICY =
      "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()";

  @Bean
  @Order(2)
  SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
    PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
    return http.securityMatcher(
            new OrRequestMatcher(
                path.matcher("/"),
                path.matcher("/favicon.ico"),
                path.matcher("/passenger/**"),
                path.matcher("/checkpoint"),
                path.matcher("/checkpoint/**")))
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        .headers(
            h ->
                h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(
                        r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .addHeaderWriter(
                        new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY)))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.GET)
                    .permitAll()
                    .requestMatchers(HttpMethod.HEAD)
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .build();
  }
}
