package cn.railway.tempid.shared.persistence;

import java.time.Duration;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * How long Hikari hands a recently used connection out again without checking it ({@code
 * tempid.database.reuse-unchecked-within}, application.yml says why). Hikari reads this from a
 * system property only, when its pool is created: it is set here before any bean exists, unless the
 * JVM was started with it ({@code -Dcom.zaxxer.hikari.aliveBypassWindowMs=…} wins).
 */
@Component
class ConnectionChecks implements BeanFactoryPostProcessor, EnvironmentAware {
  static final String HIKARI_PROPERTY = "com.zaxxer.hikari.aliveBypassWindowMs";
  static final String SETTING = "tempid.database.reuse-unchecked-within";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    Duration window =
        Binder.get(environment).bind(SETTING, Duration.class).orElse(Duration.ofMillis(500));
    if (window.isNegative()) {
      throw new IllegalStateException(SETTING + " must not be negative");
    }
    if (System.getProperty(HIKARI_PROPERTY) == null) {
      System.setProperty(HIKARI_PROPERTY, Long.toString(window.toMillis()));
    }
  }
}
