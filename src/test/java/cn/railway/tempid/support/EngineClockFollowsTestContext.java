package cn.railway.tempid.support;

import java.time.Clock;
import org.joda.time.DateTimeUtils;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * The engine reads time through Joda's JVM-wide current-millis provider, which each application
 * context points at its own clock when it starts (the engine clock plugin). Tests keep several
 * contexts alive in one JVM (H2, PostgreSQL, contexts started by a test), so the context started
 * last would otherwise own the engine clock of all of them. Before each test method this points it
 * back at the clock of the context the test runs in. Registered for every Spring test in {@code
 * META-INF/spring.factories}.
 */
public class EngineClockFollowsTestContext implements TestExecutionListener, Ordered {

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 100;
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    Clock clock = testContext.getApplicationContext().getBeanProvider(Clock.class).getIfUnique();
    if (clock != null) {
      DateTimeUtils.setCurrentMillisProvider(clock::millis);
    }
  }
}
