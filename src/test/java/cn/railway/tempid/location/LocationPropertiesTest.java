package cn.railway.tempid.location;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code tempid.location.*}: the default of 5000 m, and a useless accuracy refused at start. */
class LocationPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(LocationProperties.class)
  static class Settings {}

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Settings.class);

  @Test
  void withoutTheKey_fixesUpTo5000MetresAreResolved() {
    context.run(
        c -> assertThat(c.getBean(LocationProperties.class).maxAccuracyMeters()).isEqualTo(5000));
  }

  @Test
  void aGivenAccuracyIsRead() {
    context
        .withPropertyValues("tempid.location.max-accuracy-meters=250")
        .run(
            c ->
                assertThat(c.getBean(LocationProperties.class).maxAccuracyMeters()).isEqualTo(250));
  }

  @Test
  void aNegativeAccuracy_refusesTheStart_namingTheKey() {
    context
        .withPropertyValues("tempid.location.max-accuracy-meters=-1")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tempid.location.max-accuracy-meters"));
  }
}
