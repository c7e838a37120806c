package cn.railway.tempid.shared.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The production profile never runs on the simulated liveness provider or population registry by
 * accident (issue 7): both providers must be chosen explicitly ({@value #LIVENESS}, {@value
 * #REGISTRY}), and {@code simulated} is refused unless the demo profile is active as well (the demo
 * tools, tests and benchmarks on PostgreSQL, which also use the published demo secrets) or a
 * staging system says so with {@value #STAGING_SWITCH}{@code =true}. A name for which this release
 * has no adapter is refused too, listing the ones that exist (without this, start-up failed later
 * on a missing bean). The liveness setting may name several adapters in order (failover). The
 * refusal names the settings.
 */
final class ProductionProviders {
  static final String LIVENESS = "tempid.liveness.provider";
  static final String REGISTRY = "tempid.registry.provider";
  static final String STAGING_SWITCH = "tempid.staging.allow-simulated-providers";
  static final String SIMULATED = "simulated";

  /** Property, and the variable a deployment sets it with. */
  static final Map<String, String> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put(LIVENESS, "TEMPID_LIVENESS_PROVIDER");
    SETTINGS.put(REGISTRY, "TEMPID_REGISTRY_PROVIDER");
  }

  /** The adapters this release has, per setting (kept with the adapters' own names). */
  static final Map<String, Set<String>> ADAPTERS =
      Map.of(
          LIVENESS, Set.of(SIMULATED, "tencent", "aliyun"),
          REGISTRY, Set.of(SIMULATED, "http"));

  private ProductionProviders() {}

  /** The names a setting holds: one, or several in order (comma-separated or a YAML list). */
  static List<String> names(Environment environment, String property) {
    List<String> names = new ArrayList<>();
    for (String value :
        Binder.get(environment).bind(property, Bindable.listOf(String.class)).orElse(List.of())) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return names;
  }

  /** Why the production profile must not start with these providers; empty when it may. */
  static Optional<String> refusal(Environment environment) {
    List<String> missing = new ArrayList<>();
    List<String> simulated = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    SETTINGS.forEach(
        (property, variable) -> {
          List<String> names = names(environment, property);
          if (names.isEmpty()) {
            missing.add(variable + " (" + property + ")");
          }
          for (String name : names) {
            if (SIMULATED.equalsIgnoreCase(name)) {
              simulated.add(property + "=" + SIMULATED);
            } else if (!ADAPTERS.get(property).contains(name.toLowerCase(java.util.Locale.ROOT))) {
              unknown.add(
                  property
                      + " names '"
                      + name
                      + "', which is no adapter (the adapters are "
                      + String.join(", ", new TreeSet<>(ADAPTERS.get(property)))
                      + ")");
            }
          }
        });
    if (!unknown.isEmpty()) {
      return Optional.of(
          "The postgres profile refuses providers that do not exist: "
              + String.join("; ", unknown));
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          "The postgres profile needs its providers chosen explicitly; set "
              + String.join(", ", missing)
              + " to a real adapter");
    }
    if (!simulated.isEmpty() && !simulatorsAllowed(environment)) {
      return Optional.of(
          "The postgres profile refuses simulated providers ("
              + String.join(", ", simulated)
              + "): configure a real adapter, or on a staging system set "
              + STAGING_SWITCH
              + "=true");
    }
    return Optional.empty();
  }

  /** Whether simulated providers are allowed here, and which providers are simulated. */
  static boolean simulatorsAllowed(Environment environment) {
    return environment.acceptsProfiles(Profiles.of("demo"))
        || environment.getProperty(STAGING_SWITCH, Boolean.class, false);
  }
}
