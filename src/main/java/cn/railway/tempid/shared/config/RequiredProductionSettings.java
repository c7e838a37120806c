package cn.railway.tempid.shared.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The production profile ({@code postgres}) has no default credential: every setting below comes
 * from the environment. Without this check a missing variable surfaced as a misleading error
 * ("'url' must start with jdbc", "hmac-key is not valid base64"); now start-up stops before any
 * bean is created, naming every missing variable (never a value).
 */
@Component
@Profile("postgres")
class RequiredProductionSettings implements BeanFactoryPostProcessor, EnvironmentAware {
  /** Property, and the variable application-postgres.yml reads it from. */
  static final Map<String, String> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("spring.datasource.url", "TEMPID_DB_URL");
    REQUIRED.put("spring.datasource.username", "TEMPID_DB_USER");
    REQUIRED.put("spring.datasource.password", "TEMPID_DB_PASSWORD");
    REQUIRED.put("tempid.privacy.hmac-key", "TEMPID_HMAC_KEY");
    REQUIRED.put("tempid.privacy.active-key-id", "TEMPID_ENCRYPTION_ACTIVE_KEY_ID");
    REQUIRED.put("tempid.privacy.active-key", "TEMPID_ENCRYPTION_KEY");
    REQUIRED.put("tempid.liveness.callback-secret", "TEMPID_LIVENESS_CALLBACK_SECRET");
  }

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> missing = new ArrayList<>();
    REQUIRED.forEach((property, variable) -> {
      String value;
      try {
        value = environment.getProperty(property);
      } catch (IllegalArgumentException unresolvedPlaceholder) {
        value = null;
      }
      if (value == null || value.isBlank()) {
        missing.add(variable + " (" + property + ")");
      }
    });
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The postgres profile has no default credentials; set "
          + String.join(", ", missing) + " in the environment");
    }
  }
}
