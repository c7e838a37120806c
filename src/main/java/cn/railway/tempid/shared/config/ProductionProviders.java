package cn.railway.tempid.shared.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The production profile never runs on the simulated liveness provider or population registry by
 * accident (issue 7): both providers must be chosen explicitly ({@value #LIVENESS}, {@value
 * #REGISTRY}), and {@code simulated} is refused unless the demo profile is active as well (the demo
 * tools, tests and benchmarks on PostgreSQL, which also use the published demo secrets) or a
 * staging system says so with {@value #STAGING_SWITCH}{@code =true}. The refusal names the
 * settings.
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

  private ProductionProviders() {}

  /** Why the production profile must not start with these providers; empty when it may. */
  static Optional<String> refusal(Environment environment) {
    List<String> missing = new ArrayList<>();
    List<String> simulated = new ArrayList<>();
    SETTINGS.forEach(
        (property, variable) -> {
          String value = environment.getProperty(property);
          if (value == null || value.isBlank()) {
            missing.add(variable + " (" + property + ")");
          } else if (SIMULATED.equalsIgnoreCase(value.strip())) {
            simulated.add(property + "=" + SIMULATED);
          }
        });
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
