package cn.railway.tempid.location;

import java.util.Objects;

/**
 * A prefecture-level division (or a comparable unit) represented by the coordinates of its seat.
 *
 * @param adcode 6-digit GB/T 2260 administrative division code, e.g. {@code 440100}
 * @param name official Chinese name, e.g. {@code 广州市}
 * @param province official name of the provincial-level division, e.g. {@code 广东省}
 * @param latitude latitude of the seat / urban centre in degrees (WGS84)
 * @param longitude longitude of the seat / urban centre in degrees (WGS84)
 * @param mainland {@code true} for mainland China, {@code false} for Hong Kong, Macau and Taiwan
 */
public record City(
    String adcode,
    String name,
    String province,
    double latitude,
    double longitude,
    boolean mainland) {

  public City {
    Objects.requireNonNull(adcode, "adcode");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(province, "province");
    CityResolver.checkCoordinates(latitude, longitude);
  }
}
