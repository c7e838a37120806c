package cn.railway.tempid.shared.time;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The single clock every rule reads. Outside the demo profile it is the system clock. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {
  /** Natural months (R8) and the dates passengers see are counted in China Standard Time. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  @Bean
  @Profile("demo")
  @ConditionalOnMissingBean(Clock.class)
  AdjustableClock demoClock() {
    return AdjustableClock.systemUtc();
  }

  @Bean
  @Profile("!demo")
  @ConditionalOnMissingBean(Clock.class)
  Clock systemClock() {
    return Clock.systemUTC();
  }
}
