package cn.railway.tempid.support;

import cn.railway.tempid.TemporaryIdApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts the application the way {@code java -jar} does, for tests about start-up: the given
 * profiles and properties only. The process environment is left out, so a developer's own {@code
 * TEMPID_*} variables cannot leak in; classes from {@code src/test} are left out too. Each start
 * has an engine of its own (unique) name, as the other contexts of the test JVM are still running.
 * The caller closes the context.
 */
public final class ApplicationStarts {
  private ApplicationStarts() {}

  public static ConfigurableApplicationContext run(
      String[] profiles, Map<String, Object> properties) {
    return run(profiles, properties, new ApplicationContextInitializer<?>[0]);
  }

  /**
   * As {@link #run(String[], Map)}, with initializers that change the release under test (e.g. a
   * bean renamed, to play a later release on the same database).
   */
  public static ConfigurableApplicationContext run(
      String[] profiles,
      Map<String, Object> properties,
      ApplicationContextInitializer<?>... initializers) {
    // as command-line arguments: above application.yml (server.port: 8080, for one)
    Map<String, Object> all = new LinkedHashMap<>(properties);
    all.put("server.port", "0");
    all.putAll(PostgresTestEnvironment.ownEngine());
    String[] args =
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(TemporaryIdApplication.class)
        .environment(withoutProcessEnvironment())
        .profiles(profiles)
        .initializers(TestClassesExcluded::register)
        .initializers(initializers)
        .run(args);
  }

  /** The HTTP port a started context listens on. */
  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static StandardEnvironment withoutProcessEnvironment() {
    return new StandardEnvironment() {
      @Override
      protected void customizePropertySources(MutablePropertySources sources) {
        super.customizePropertySources(sources);
        sources.remove(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      }
    };
  }
}
