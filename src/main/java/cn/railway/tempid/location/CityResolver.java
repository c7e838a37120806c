package cn.railway.tempid.location;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves device coordinates to a prefecture-level city, offline.
 *
 * <p>This is a <em>nearest-seat approximation, not a polygon test</em>: {@link #resolve} returns
 * the division whose seat (city government / urban centre) is closest by great-circle distance.
 * Near a boundary the answer can be the neighbouring division, and a point abroad but close to the
 * border (Pyongyang, Hanoi, ...) resolves to the nearest Chinese city. Points farther than {@code
 * maxDistanceKm} from every seat resolve to nothing.
 *
 * <p>The default of {@value #DEFAULT_MAX_DISTANCE_KM} km is chosen so that every point inside
 * mainland China resolves: the seats are sparse on the Tibetan plateau, and the farthest mainland
 * point from any seat (northern Changtang, near 35.9°N 87.2°E) is about 660 km from 那曲市. 300 km
 * would leave about 10% of mainland territory unresolved, including stretches of the Qinghai–Tibet
 * railway (五道梁 is about 425 km from the nearest seat), 漠河, 二连浩特 and 樟木. With 700 km, Tokyo, the
 * open ocean, central Mongolia (Ulaanbaatar), Manila, Bangkok and Yangon stay empty. The Korean
 * peninsula, northern Vietnam, Laos and the Russian Far East border areas do resolve: at any radius
 * that covers China's own border towns they would.
 *
 * <p>The data is loaded from {@code /location/cities.csv}; see the package documentation. Instances
 * are immutable and thread-safe.
 */
public final class CityResolver {

  /** Default maximum distance, in kilometres, between a point and the nearest seat. */
  public static final double DEFAULT_MAX_DISTANCE_KM = 700.0;

  static final String RESOURCE = "/location/cities.csv";
  static final String HEADER = "adcode,name,province,latitude,longitude,mainland";

  private static final double EARTH_RADIUS_KM = 6371.0088;

  private final List<City> cities;
  private final double[] latRad;
  private final double[] lonRad;
  private final double[] cosLat;
  private final double maxHaversine;

  /** Creates a resolver over the given cities with the default maximum distance. */
  public CityResolver(List<City> cities) {
    this(cities, DEFAULT_MAX_DISTANCE_KM);
  }

  /**
   * Creates a resolver over the given cities; points farther than {@code maxDistanceKm} resolve to
   * nothing.
   */
  public CityResolver(List<City> cities, double maxDistanceKm) {
    if (!(maxDistanceKm > 0) || Double.isInfinite(maxDistanceKm)) {
      throw new IllegalArgumentException(
          "maxDistanceKm must be positive and finite: " + maxDistanceKm);
    }
    this.cities = List.copyOf(cities);
    int n = this.cities.size();
    this.latRad = new double[n];
    this.lonRad = new double[n];
    this.cosLat = new double[n];
    for (int i = 0; i < n; i++) {
      City city = this.cities.get(i);
      latRad[i] = Math.toRadians(city.latitude());
      lonRad[i] = Math.toRadians(city.longitude());
      cosLat[i] = Math.cos(latRad[i]);
    }
    double halfAngle = Math.min(maxDistanceKm / EARTH_RADIUS_KM, Math.PI) / 2;
    this.maxHaversine = Math.sin(halfAngle) * Math.sin(halfAngle);
  }

  /** The resolver over the bundled {@value #RESOURCE} data with the default maximum distance. */
  public static CityResolver fromClasspath() {
    return Bundled.INSTANCE;
  }

  /** The cities this resolver chooses from, in data-file order. */
  public List<City> cities() {
    return cities;
  }

  /**
   * The division whose seat is nearest to the given point, or empty if that seat is farther than
   * the maximum distance.
   *
   * @throws IllegalArgumentException if a coordinate is not finite or out of range
   */
  public Optional<City> resolve(double latitude, double longitude) {
    checkCoordinates(latitude, longitude);
    double lat = Math.toRadians(latitude);
    double lon = Math.toRadians(longitude);
    double cos = Math.cos(lat);
    int best = -1;
    double bestH = Double.POSITIVE_INFINITY;
    for (int i = 0; i < latRad.length; i++) {
      // Haversine term; monotonic in the distance, so no asin/sqrt is needed for the comparison.
      double sinLat = Math.sin((latRad[i] - lat) / 2);
      double sinLon = Math.sin((lonRad[i] - lon) / 2);
      double h = sinLat * sinLat + cos * cosLat[i] * sinLon * sinLon;
      if (h < bestH) {
        bestH = h;
        best = i;
      }
    }
    return best >= 0 && bestH <= maxHaversine ? Optional.of(cities.get(best)) : Optional.empty();
  }

  static void checkCoordinates(double latitude, double longitude) {
    if (!(latitude >= -90 && latitude <= 90)) {
      // never the value: a coordinate is personal data and exception messages end up in logs
      throw new IllegalArgumentException("latitude out of range");
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude out of range");
    }
  }

  /** Reads the bundled data file. */
  static List<City> loadClasspath() {
    try (InputStream in = CityResolver.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses the CSV format described in the package documentation. */
  static List<City> read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null || !HEADER.equals(header.replace("\uFEFF", "").trim())) {
      throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
    }
    List<City> result = new ArrayList<>();
    int lineNo = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        throw new IllegalStateException(
            RESOURCE + " line " + lineNo + ": expected 6 fields: " + line);
      }
      try {
        result.add(
            new City(
                f[0].trim(),
                f[1].trim(),
                f[2].trim(),
                Double.parseDouble(f[3].trim()),
                Double.parseDouble(f[4].trim()),
                parseBoolean(f[5].trim())));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(RESOURCE + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return result;
  }

  private static boolean parseBoolean(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("mainland must be true or false: " + value);
    };
  }

  private static final class Bundled {
    static final CityResolver INSTANCE = new CityResolver(loadClasspath());
  }
}
