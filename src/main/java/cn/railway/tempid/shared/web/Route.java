package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.ProblemCode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one declaration of an API operation, on its controller method: its stable operation id, who
 * may call it and which problems it answers. The API's authorization rules ({@code
 * security.SecurityConfiguration}) and the OpenAPI document ({@code apidocs.ContractCustomizer})
 * are both derived from it ({@link Routes}); a handler under {@code /api/} without it stops the
 * application from starting.
 *
 * <p>A route ({@code METHOD /path}) served by several handler methods (one per representation,
 * chosen by {@code Accept}) is declared on exactly one of them.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Route {

  /** The operation id in the OpenAPI document (the generated client's method name). */
  String id();

  /** Who may call it: any one of them suffices. */
  CallerKind[] callers();

  /**
   * The problem codes it answers beyond the ones every operation can answer (bad input, an Accept
   * it cannot serve, headers too large, an outage; with a request body also its size and media
   * type) and the ones implied by its callers (a missing credential, a failed operator login).
   */
  ProblemCode[] problems() default {};
}
