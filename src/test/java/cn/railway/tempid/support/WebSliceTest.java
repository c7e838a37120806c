package cn.railway.tempid.support;

import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import cn.railway.tempid.shared.ratelimit.RateLimiter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web slice: the named controllers behind the real web edge (the API's security chain and caller
 * filter, the problem+json handler and writers, strict JSON reading, the request-size filter), with
 * no engine and no database. For web-contract tests (validation and problem answers for bad input,
 * content types, headers, role answers): the controllers' collaborators are {@code @MockitoBean}s
 * of the test class. The demo operator and checkpoint credentials are known ({@link SliceCallers}):
 * the real credential checks (Camunda users, checkpoint keys, passenger tokens) are tested with the
 * whole service. Per-client rate limits ({@link AbuseLimits}) are a mock here: they are tested with
 * the whole service. Full-context tests ({@link ApplicationTest}) stay for process and database
 * paths. Test classes with the same controllers and mocks share one context (each other set starts
 * its own, a few seconds): one slice test class per controller or package.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
    includeFilters =
        @ComponentScan.Filter(
            type = FilterType.REGEX,
            pattern = {
              "cn\\.railway\\.tempid\\.security\\.(SecurityConfiguration|ProblemWriter)",
              "cn\\.railway\\.tempid\\.shared\\.web\\.(StrictJson|ProblemAnswers)",
              "cn\\.railway\\.tempid\\.shared\\.problem\\.InfrastructureFailures",
              "cn\\.railway\\.tempid\\.shared\\.ratelimit\\.AbuseLimits"
            }))
@Import({Http.class, SliceCallers.class})
@MockitoBean(types = RateLimiter.class)
@ContextConfiguration(classes = WebSliceTest.Slice.class)
@ActiveProfiles({"demo", "test"})
public @interface WebSliceTest {
  /** The controllers under test. */
  @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
  Class<?>[] value() default {};

  /**
   * The application's component scan without the main class, whose {@code EnableProcessApplication}
   * would start the engine: the slice's filters pick what is scanned.
   */
  @SpringBootConfiguration
  @ComponentScan(
      basePackages = "cn.railway.tempid",
      excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(
            type = FilterType.CUSTOM,
            classes = AutoConfigurationExcludeFilter.class)
      })
  class Slice {}
}
