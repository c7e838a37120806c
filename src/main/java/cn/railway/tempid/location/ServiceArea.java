package cn.railway.tempid.location;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.problem.Refusal;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * R1/R3: the city an application is made from, resolved offline from the device's coordinates, and
 * whether that city is served (the {@code serviceArea} DMN table). Only the resolved city is kept;
 * coordinates are dropped after resolution.
 */
@Service
@EnableConfigurationProperties(LocationProperties.class)
public class ServiceArea {
  /** How a location turned out; stored with the application instead of the coordinates. */
  public enum Status {
    /** No location was given (permission denied or not yet located). */
    MISSING,
    /** The fix was too coarse to tell the city; the passenger may locate again. */
    INACCURATE,
    /** Not near any city known to the service (abroad, at sea). */
    UNRESOLVED,
    /** Resolved to a city. */
    RESOLVED
  }

  public record Located(Status status, String province, String city, boolean mainland) {
    public static Located of(Status status) {
      return new Located(status, null, null, false);
    }
  }

  private final CityResolver resolver = CityResolver.fromClasspath();
  private final DecisionRules rules;
  private final double maxAccuracyMeters;

  ServiceArea(DecisionRules rules, LocationProperties properties) {
    this.rules = rules;
    this.maxAccuracyMeters = properties.maxAccuracyMeters();
  }

  /** Resolves coordinates (already range-checked) to a city; nulls mean no location given. */
  public Located locate(Double latitude, Double longitude, Double accuracyMeters) {
    if (latitude == null || longitude == null) {
      return Located.of(Status.MISSING);
    }
    if (accuracyMeters != null && accuracyMeters > maxAccuracyMeters) {
      return Located.of(Status.INACCURATE);
    }
    return resolver
        .resolve(latitude, longitude)
        .map(c -> new Located(Status.RESOLVED, c.province(), c.name(), c.mainland()))
        .orElse(Located.of(Status.UNRESOLVED));
  }

  /** The refusal code for a location, empty when the city is served. */
  public Optional<Refusal> refusal(DecisionRules.DecisionFor decisionFor, Located located) {
    switch (located.status()) {
      case MISSING, INACCURATE:
        return Optional.of(Refusal.LOCATION_REQUIRED);
      case UNRESOLVED:
        return Optional.of(Refusal.OUTSIDE_SERVICE_AREA);
      default:
        break;
    }
    Map<String, Object> inputs =
        DecisionContract.SERVICE_AREA
            .supply()
            .put("mainland", located.mainland())
            .put("province", located.province())
            .put("city", located.city())
            .build();
    boolean served =
        Boolean.TRUE.equals(rules.evaluate(decisionFor, "serviceArea", inputs).get("served"));
    return served ? Optional.empty() : Optional.of(Refusal.OUTSIDE_SERVICE_AREA);
  }
}
