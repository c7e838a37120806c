package cn.railway.tempid.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class ConnectionChecksTest {
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(ConnectionChecks.HIKARI_PROPERTY);
    System.clearProperty(ConnectionChecks.HIKARI_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(ConnectionChecks.HIKARI_PROPERTY);
    } else {
      System.setProperty(ConnectionChecks.HIKARI_PROPERTY, before);
    }
  }

  private static void apply(MockEnvironment environment) {
    ConnectionChecks checks = new ConnectionChecks();
    checks.setEnvironment(environment);
    checks.postProcessBeanFactory(new DefaultListableBeanFactory());
  }

  @Test
  void theSettingBecomesHikarisWindowBeforeAnyPoolExists() {
    apply(new MockEnvironment().withProperty(ConnectionChecks.SETTING, "PT5S"));
    assertThat(System.getProperty(ConnectionChecks.HIKARI_PROPERTY)).isEqualTo("5000");
  }

  @Test
  void withoutTheSettingHikarisOwnDefaultStays() {
    apply(new MockEnvironment());
    assertThat(System.getProperty(ConnectionChecks.HIKARI_PROPERTY)).isEqualTo("500");
  }

  @Test
  void aWindowGivenToTheJvmWins() {
    System.setProperty(ConnectionChecks.HIKARI_PROPERTY, "1000");
    apply(new MockEnvironment().withProperty(ConnectionChecks.SETTING, "PT5S"));
    assertThat(System.getProperty(ConnectionChecks.HIKARI_PROPERTY)).isEqualTo("1000");
  }

  @Test
  void aNegativeWindowStopsStartUp() {
    MockEnvironment environment =
        new MockEnvironment().withProperty(ConnectionChecks.SETTING, "-PT1S");
    assertThatThrownBy(() -> apply(environment)).hasMessageContaining(ConnectionChecks.SETTING);
  }
}
