package cn.railway.tempid.shared.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The production profile ({@code postgres}) has no default credential: every setting below comes
 * from the environment. Without this check a missing variable surfaced as a misleading error
 * ("'url' must start with jdbc", "hmac-key is not valid base64"); now start-up stops before any
 * bean is created, naming every missing variable (never a value).
 *
 * <p>Nor may a secret be one published in this repository: the demo profile's keys, callback secret
 * and operator password ({@value #DEMO_FILE}, read at start-up, so a new demo secret is covered
 * too; {@code .env.example} publishes empty placeholders only, refused as missing). Such a value is
 * refused wherever it comes from (environment, command line, another file), naming the property,
 * never the value; only the demo profile's own file may hold it, when that profile is active as
 * well (the demo tools and tests on PostgreSQL), which production never does.
 *
 * <p>Nor may a secret be weak ({@link SecretStrength}): the first administrator ({@code
 * camunda.bpm.admin-user.*}, required: without one Camunda's setup page would let anyone create it)
 * needs a password of at least 12 characters that is not a common one, and the liveness callback
 * secret at least 32 bytes (the HMAC and encryption keys are checked where they are read, {@code
 * shared.privacy}).
 *
 * <p>Nor may it run on the simulated liveness provider or registry by accident ({@link
 * ProductionProviders}).
 */
@Component
@Profile("postgres")
class RequiredProductionSettings implements BeanFactoryPostProcessor, EnvironmentAware {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RequiredProductionSettings.class);

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
    REQUIRED.put("tempid.public-base-url", "TEMPID_PUBLIC_BASE_URL");
    // the first administrator: without one, Camunda's setup page would let anyone create it
    REQUIRED.put("camunda.bpm.admin-user.id", "CAMUNDA_BPM_ADMIN_USER_ID");
    REQUIRED.put("camunda.bpm.admin-user.password", "CAMUNDA_BPM_ADMIN_USER_PASSWORD");
  }

  static final String ADMIN_ID = "camunda.bpm.admin-user.id";
  static final String ADMIN_PASSWORD = "camunda.bpm.admin-user.password";

  /** Shared secrets that must be long ({@link SecretStrength#shortSecret}). */
  static final List<String> LONG_SECRETS = List.of("tempid.liveness.callback-secret");

  /** The file whose secrets are public (committed, documented as "public on purpose"). */
  static final String DEMO_FILE = "application-demo.yml";

  /** Secret settings besides {@link #REQUIRED}'s that must not hold a published value. */
  static final List<String> ALSO_SECRET =
      List.of(
          "camunda.bpm.admin-user.password",
          "tempid.privacy.hmac-key",
          "tempid.privacy.active-key",
          "tempid.liveness.callback-secret",
          "spring.datasource.password",
          "tempid.demo.checkpoint-key");

  static final String ENCRYPTION_KEYS = "tempid.privacy.encryption-keys";

  /** Which settings of the demo file are secrets (their values are the published ones). */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|secret|-key|encryption-keys\\.[^.]+)$");

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> missing = new ArrayList<>();
    REQUIRED.forEach(
        (property, variable) -> {
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
      throw new IllegalStateException(
          "The postgres profile has no default credentials; set "
              + String.join(", ", missing)
              + " in the environment");
    }
    List<String> published = publishedSecretsInUse();
    if (!published.isEmpty()) {
      throw new IllegalStateException(
          "The postgres profile refuses secrets published in this "
              + "repository ("
              + DEMO_FILE
              + "); generate your own for "
              + String.join(", ", published));
    }
    List<String> weak = weakSecretsInUse();
    if (!weak.isEmpty()) {
      throw new IllegalStateException(
          "The postgres profile refuses weak secrets: " + String.join("; ", weak));
    }
    ProductionProviders.refusal(environment)
        .ifPresent(
            refusal -> {
              throw new IllegalStateException(refusal);
            });
    if (environment.getProperty(ProductionProviders.STAGING_SWITCH, Boolean.class, false)) {
      log.warn(
          "{}=true: this postgres system may run on simulated providers (staging only)",
          ProductionProviders.STAGING_SWITCH);
    }
  }

  /**
   * The administrator's password and the shared secrets that are too weak, each with its rule
   * (never its value). The demo profile's own file is exempt, as for published secrets: its values
   * are public on purpose and never production's.
   */
  List<String> weakSecretsInUse() {
    List<String> weak = new ArrayList<>();
    if (!fromDemoFile(ADMIN_PASSWORD)) {
      SecretStrength.weakPassword(value(ADMIN_ID, Map.of()), value(ADMIN_PASSWORD, Map.of()))
          .ifPresent(
              why ->
                  weak.add(
                      REQUIRED.get(ADMIN_PASSWORD)
                          + " ("
                          + ADMIN_PASSWORD
                          + ") is refused ("
                          + why
                          + "): use at least "
                          + SecretStrength.MIN_PASSWORD_LENGTH
                          + " characters, e.g. openssl rand -base64 24"));
    }
    for (String property : LONG_SECRETS) {
      if (!fromDemoFile(property)) {
        SecretStrength.shortSecret(value(property, Map.of()))
            .ifPresent(
                why ->
                    weak.add(
                        REQUIRED.get(property)
                            + " ("
                            + property
                            + ") is refused ("
                            + why
                            + "): generate one with openssl rand -base64 32"));
      }
    }
    return weak;
  }

  /** The secret settings (named as variable and property) whose value is a published one. */
  List<String> publishedSecretsInUse() {
    Set<String> publishedValues = publishedSecretValues();
    List<String> refused = new ArrayList<>();
    Set<String> checked = new HashSet<>();
    List<String> properties = new ArrayList<>(REQUIRED.keySet());
    properties.addAll(ALSO_SECRET);
    Map<String, String> encryptionKeys =
        Binder.get(environment)
            .bind(ENCRYPTION_KEYS, Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    encryptionKeys.keySet().forEach(id -> properties.add(ENCRYPTION_KEYS + "." + id));
    for (String property : properties) {
      if (!checked.add(property)) {
        continue;
      }
      String value = value(property, encryptionKeys);
      if (value != null && publishedValues.contains(value.strip()) && !fromDemoFile(property)) {
        String variable = REQUIRED.get(property);
        refused.add(variable == null ? property : variable + " (" + property + ")");
      }
    }
    return refused;
  }

  private String value(String property, Map<String, String> encryptionKeys) {
    if (property.startsWith(ENCRYPTION_KEYS + ".")) {
      return encryptionKeys.get(property.substring(ENCRYPTION_KEYS.length() + 1));
    }
    try {
      return environment.getProperty(property);
    } catch (IllegalArgumentException unresolvedPlaceholder) {
      return null;
    }
  }

  /**
   * Whether the setting's value comes from the demo profile's own file: the first property source
   * that has it is that file (active only together with the demo profile).
   */
  private boolean fromDemoFile(String property) {
    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source.getConfigurationProperty(name) != null) {
        return source.getUnderlyingSource() instanceof PropertySource<?> origin
            && origin.getName().contains(DEMO_FILE);
      }
    }
    return false;
  }

  /** Every secret value of the demo file (non-blank), as published in the repository. */
  static Set<String> publishedSecretValues() {
    Set<String> values = new HashSet<>();
    try {
      for (PropertySource<?> source :
          new YamlPropertySourceLoader().load(DEMO_FILE, new ClassPathResource(DEMO_FILE))) {
        if (source instanceof EnumerablePropertySource<?> e) {
          for (String name : e.getPropertyNames()) {
            Object value = e.getProperty(name);
            if (SECRET_NAME.matcher(name).matches()
                && value != null
                && !String.valueOf(value).isBlank()) {
              values.add(String.valueOf(value).strip());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEMO_FILE, e);
    }
    return values;
  }
}
