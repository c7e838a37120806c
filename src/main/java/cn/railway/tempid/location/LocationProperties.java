package cn.railway.tempid.location;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How device locations are read, bound from {@code tempid.location.*} (documented in
 * docs/configuration.md).
 *
 * @param maxAccuracyMeters a fix coarser than this (the device's accuracy radius, in metres) is
 *     answered LOCATION_REQUIRED instead of being resolved to a city; default 5000
 */
@ConfigurationProperties(prefix = "tempid.location")
record LocationProperties(@DefaultValue("5000") double maxAccuracyMeters) {
  LocationProperties {
    if (!(maxAccuracyMeters > 0) || Double.isInfinite(maxAccuracyMeters)) {
      throw new IllegalStateException(
          "tempid.location.max-accuracy-meters must be a positive number of metres");
    }
  }
}
