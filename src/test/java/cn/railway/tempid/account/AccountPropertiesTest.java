package cn.railway.tempid.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code tempid.accounts.*}: the token lifetime is read, and a missing one refused at start. */
class AccountPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(AccountProperties.class)
  static class Settings {}

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Settings.class);

  @Test
  void theAccessTokenLifetimeIsRead() {
    context
        .withPropertyValues("tempid.accounts.access-token-ttl=PT12H")
        .run(
            c ->
                assertThat(c.getBean(AccountProperties.class).accessTokenTtl())
                    .isEqualTo(Duration.ofHours(12)));
  }

  @Test
  void withoutALifetime_theStartIsRefused_namingTheKey() {
    context.run(
        c ->
            assertThat(c)
                .getFailure()
                .rootCause()
                .hasMessageContaining("tempid.accounts.access-token-ttl"));
  }
}
