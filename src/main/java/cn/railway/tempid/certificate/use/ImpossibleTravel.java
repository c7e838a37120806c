package cn.railway.tempid.certificate.use;

import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.shared.persistence.Ids;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Impossible travel: when a check is ACCEPTED at a listed station ({@link Stations}), it is
 * compared with every earlier ACCEPTED check of the certificate at a listed station; if the
 * great-circle distance exceeds {@code tempid.checks.distance-margin-km} plus what {@code
 * tempid.checks.max-speed-kmh} covers in the time between them, the check raises an {@code
 * IMPOSSIBLE_TRAVEL} alert on the certificate. One alert per check that reveals it.
 */
@Component
class ImpossibleTravel {
  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate named;
  private final Stations stations;
  private final double maxSpeedKmh;
  private final double marginKm;

  @Autowired
  ImpossibleTravel(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate named,
      Stations stations,
      CertificateProperties properties) {
    this(jdbc, named, stations, properties.checks());
  }

  /** With the rule's settings alone (a test of {@link #tooFar} needs no database). */
  ImpossibleTravel(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate named,
      Stations stations,
      CertificateProperties.Travel travel) {
    this.jdbc = jdbc;
    this.named = named;
    this.stations = stations;
    this.maxSpeedKmh = travel.maxSpeedKmh();
    this.marginKm = travel.distanceMarginKm();
  }

  /**
   * The accepted checks of a certificate at one listed station: the earliest and the latest. Enough
   * to find the one nearest in time to a new check made after the latest (online) or before the
   * earliest; a check between them (a late offline upload) reads that station's checks itself.
   */
  private static final class Seen {
    final String certificateId;
    final String station;
    Instant earliest;
    Instant latest;

    Seen(String certificateId, String station, Instant earliest, Instant latest) {
      this.certificateId = certificateId;
      this.station = station;
      this.earliest = earliest;
      this.latest = latest;
    }

    void add(Instant at) {
      earliest = at.isBefore(earliest) ? at : earliest;
      latest = at.isAfter(latest) ? at : latest;
    }
  }

  /** The alert rows for the accepted checks among {@code entries} that reveal impossible travel. */
  List<Object[]> alerts(List<CheckLog.Entry> entries) {
    List<CheckLog.Entry> listed =
        entries.stream()
            .filter(e -> "ACCEPTED".equals(e.result()) && stations.find(e.station()).isPresent())
            .toList();
    if (listed.isEmpty()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    listed.forEach(e -> ids.add(e.certificateId()));
    Map<String, List<Seen>> seen = new HashMap<>();
    named
        .query(
            """
            select certificate_id, station, min(checked_at) as earliest,
              max(checked_at) as latest
            from certificate_check
            where certificate_id in (:ids) and result = 'ACCEPTED' and station is not null
            group by certificate_id, station""",
            Map.of("ids", ids),
            (rs, row) ->
                new Seen(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getTimestamp(4).toInstant()))
        .forEach(s -> seen.computeIfAbsent(s.certificateId, k -> new ArrayList<>()).add(s));
    List<Object[]> alerts = new ArrayList<>();
    for (CheckLog.Entry e : listed) {
      Stations.Position here = stations.find(e.station()).orElseThrow();
      List<Seen> earlier = seen.computeIfAbsent(e.certificateId(), k -> new ArrayList<>());
      boolean impossible = false;
      for (Seen s : earlier) {
        Optional<Stations.Position> there = stations.find(s.station);
        if (there.isEmpty()) {
          continue;
        }
        double km = here.kilometresTo(there.get());
        Instant now = e.checkedAt();
        if (!now.isBefore(s.latest) || !now.isAfter(s.earliest)) {
          Instant nearest = now.isBefore(s.latest) ? s.earliest : s.latest;
          impossible |= tooFar(km, nearest, now);
        } else {
          impossible |=
              checkedAt(e.certificateId(), s.station).stream().anyMatch(t -> tooFar(km, t, now));
        }
      }
      if (impossible) {
        alerts.add(
            new Object[] {
              Ids.newId(),
              e.certificateId(),
              CheckLog.IMPOSSIBLE_TRAVEL,
              Timestamp.from(e.checkedAt())
            });
      }
      earlier.stream()
          .filter(s -> s.station.equals(e.station()))
          .findFirst()
          .ifPresentOrElse(
              s -> s.add(e.checkedAt()),
              () ->
                  earlier.add(
                      new Seen(e.certificateId(), e.station(), e.checkedAt(), e.checkedAt())));
    }
    return alerts;
  }

  /** When the certificate's accepted checks at {@code station} were made (recorded ones). */
  private List<Instant> checkedAt(String certificateId, String station) {
    return jdbc.sql(
            """
        select checked_at from certificate_check
        where certificate_id = ? and station = ? and result = 'ACCEPTED'""")
        .params(certificateId, station)
        .query((rs, row) -> rs.getTimestamp(1).toInstant())
        .list();
  }

  /** Farther than the margin plus what the fastest train covers in the time between. */
  boolean tooFar(double kilometres, Instant a, Instant b) {
    double hours = Math.abs(Duration.between(a, b).toMillis()) / 3_600_000.0;
    return kilometres > marginKm + maxSpeedKmh * hours;
  }
}
