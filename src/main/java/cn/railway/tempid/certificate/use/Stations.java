package cn.railway.tempid.certificate.use;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Coordinates of major railway stations by telegraph code ({@code stations/stations.csv}), for the
 * impossible-travel check. Train codes and unlisted stations have no coordinates.
 */
@Component
public class Stations {
  static final String RESOURCE = "stations/stations.csv";

  /** A station's position (WGS-84, degrees). */
  public record Position(String code, double latitude, double longitude) {
    /** Great-circle distance in kilometres (haversine, mean Earth radius). */
    public double kilometresTo(Position other) {
      double lat1 = Math.toRadians(latitude);
      double lat2 = Math.toRadians(other.latitude);
      double dLat = lat2 - lat1;
      double dLon = Math.toRadians(other.longitude - longitude);
      double h =
          Math.sin(dLat / 2) * Math.sin(dLat / 2)
              + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
      return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
  }

  private final Map<String, Position> byCode;

  Stations() {
    this.byCode = load();
  }

  public Optional<Position> find(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
  }

  int size() {
    return byCode.size();
  }

  private static Map<String, Position> load() {
    Map<String, Position> stations = new HashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new ClassPathResource(RESOURCE).getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false; // code,nameZh,latitude,longitude
          continue;
        }
        String[] cells = line.split(",");
        if (cells.length != 4) {
          throw new IllegalStateException(RESOURCE + ": bad line " + line);
        }
        Position p =
            new Position(
                cells[0].strip(),
                Double.parseDouble(cells[2].strip()),
                Double.parseDouble(cells[3].strip()));
        if (stations.put(p.code(), p) != null) {
          throw new IllegalStateException(RESOURCE + ": station listed twice: " + p.code());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(stations);
  }
}
