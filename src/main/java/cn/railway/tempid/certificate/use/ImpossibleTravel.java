package cn.railway.tempid.certificate.use;

import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.shared.persistence.Databases;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.MultiRowInsert;
import cn.railway.tempid.shared.persistence.RowWriter;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
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
 *
 * <p>The check nearest in time at a station is the one that decides (the farther in time, the
 * farther a train goes), so the certificate's span at each station ({@code
 * certificate_station_span}: its earliest and latest accepted check there, kept by {@link
 * #remember} in the same transaction as the checks) is all a check made after the latest or before
 * the earliest needs: one row per station, however many checks the certificate has. A check between
 * the two (a late offline upload, or an online check whose batch committed after a later one) reads
 * that station's nearest check before and after it, one indexed row each.
 */
@Component
class ImpossibleTravel {
  private static final List<String> SPAN_COLUMNS =
      List.of("certificate_id", "station", "earliest", "latest");
  // PostgreSQL: one statement for the batch; two nodes' batches on one row wait for each other
  private static final MultiRowInsert SPANS =
      new MultiRowInsert(
          "certificate_station_span",
          SPAN_COLUMNS,
          "on conflict (certificate_id, station) do update set"
              + " earliest = least(certificate_station_span.earliest, excluded.earliest),"
              + " latest = greatest(certificate_station_span.latest, excluded.latest)");

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate named;
  private final Stations stations;
  private final double maxSpeedKmh;
  private final double marginKm;
  private final boolean postgres;

  @Autowired
  ImpossibleTravel(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate named,
      Stations stations,
      CertificateProperties properties,
      DataSource dataSource) {
    this(jdbc, named, stations, properties.checks(), Databases.isPostgres(dataSource));
  }

  /** With the rule's settings alone (a test of {@link #tooFar} needs no database). */
  ImpossibleTravel(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate named,
      Stations stations,
      CertificateProperties.Travel travel,
      boolean postgres) {
    this.jdbc = jdbc;
    this.named = named;
    this.stations = stations;
    this.maxSpeedKmh = travel.maxSpeedKmh();
    this.marginKm = travel.distanceMarginKm();
    this.postgres = postgres;
  }

  /**
   * The accepted checks of a certificate at one listed station: the earliest and the latest. Enough
   * to find the one nearest in time to a new check made after the latest (online) or before the
   * earliest; a check between them reads that station's nearest checks itself.
   */
  private static final class Span {
    final String certificateId;
    final String station;
    Instant earliest;
    Instant latest;
    // the times of the list's earlier checks at the station: in the span, not yet in the table
    final List<Instant> unrecorded = new ArrayList<>();

    Span(String certificateId, String station, Instant earliest, Instant latest) {
      this.certificateId = certificateId;
      this.station = station;
      this.earliest = earliest;
      this.latest = latest;
    }

    void add(Instant at) {
      earliest = at.isBefore(earliest) ? at : earliest;
      latest = at.isAfter(latest) ? at : latest;
      unrecorded.add(at);
    }
  }

  /** The accepted checks among {@code entries} made at a listed station. */
  private List<CheckLog.Entry> listed(List<CheckLog.Entry> entries) {
    return entries.stream()
        .filter(e -> "ACCEPTED".equals(e.result()) && stations.find(e.station()).isPresent())
        .toList();
  }

  /**
   * The alert rows for the accepted checks among {@code entries} that reveal impossible travel,
   * against the checks recorded so far and the earlier ones of the list.
   */
  List<Object[]> alerts(List<CheckLog.Entry> entries) {
    List<CheckLog.Entry> listed = listed(entries);
    if (listed.isEmpty()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    listed.forEach(e -> ids.add(e.certificateId()));
    Map<String, List<Span>> spans = new HashMap<>();
    named
        .query(
            """
            select certificate_id, station, earliest, latest from certificate_station_span
            where certificate_id in (:ids)""",
            Map.of("ids", ids),
            (rs, row) ->
                new Span(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getTimestamp(4).toInstant()))
        .forEach(s -> spans.computeIfAbsent(s.certificateId, k -> new ArrayList<>()).add(s));
    List<Object[]> alerts = new ArrayList<>();
    for (CheckLog.Entry e : listed) {
      Stations.Position here = stations.find(e.station()).orElseThrow();
      List<Span> earlier = spans.computeIfAbsent(e.certificateId(), k -> new ArrayList<>());
      boolean impossible = false;
      for (Span s : earlier) {
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
          // between: the nearest recorded checks, and the list's earlier ones at that station
          impossible |=
              Stream.concat(
                      nearestAround(e.certificateId(), s.station, now).stream(),
                      s.unrecorded.stream())
                  .anyMatch(t -> tooFar(km, t, now));
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
          .orElseGet(
              () -> {
                Span first = new Span(e.certificateId(), e.station(), e.checkedAt(), e.checkedAt());
                earlier.add(first);
                return first;
              })
          .add(e.checkedAt());
    }
    return alerts;
  }

  /**
   * Widens the spans of the certificates' stations by the accepted checks among {@code entries}
   * made at listed stations, with the statement or transaction that records those checks ({@code
   * writer}; H2, for development and tests, widens them at once).
   */
  void remember(List<CheckLog.Entry> entries, RowWriter writer) {
    Map<List<String>, Span> widened = new HashMap<>();
    for (CheckLog.Entry e : listed(entries)) {
      widened
          .computeIfAbsent(
              List.of(e.certificateId(), e.station()),
              k -> new Span(e.certificateId(), e.station(), e.checkedAt(), e.checkedAt()))
          .add(e.checkedAt());
    }
    if (widened.isEmpty()) {
      return;
    }
    // in key order, so that two nodes widening the same spans lock their rows in the same order
    List<Object[]> rows =
        widened.values().stream()
            .sorted(Comparator.comparing((Span s) -> s.certificateId).thenComparing(s -> s.station))
            .map(
                s ->
                    new Object[] {
                      s.certificateId,
                      s.station,
                      Timestamp.from(s.earliest),
                      Timestamp.from(s.latest)
                    })
            .toList();
    if (postgres) {
      writer.insert(SPANS, rows);
      return;
    }
    // H2 (development and tests) has no "on conflict ... do update": widen, or add the span
    for (Object[] r : rows) {
      int widenedRows =
          jdbc.sql(
                  """
              update certificate_station_span
              set earliest = least(earliest, ?), latest = greatest(latest, ?)
              where certificate_id = ? and station = ?""")
              .params(r[2], r[3], r[0], r[1])
              .update();
      if (widenedRows == 0) {
        jdbc.sql(
                """
            insert into certificate_station_span (certificate_id, station, earliest, latest)
            values (?, ?, ?, ?)""")
            .params(r)
            .update();
      }
    }
  }

  /**
   * The certificate's recorded accepted checks at {@code station} nearest before and after {@code
   * at}: from the index by certificate and time, one row each.
   */
  private List<Instant> nearestAround(String certificateId, String station, Instant at) {
    List<Instant> nearest = new ArrayList<>(2);
    for (String sql :
        List.of(
            """
            select checked_at from certificate_check
            where certificate_id = ? and checked_at <= ? and station = ? and result = 'ACCEPTED'
            order by checked_at desc fetch first 1 rows only""",
            """
            select checked_at from certificate_check
            where certificate_id = ? and checked_at >= ? and station = ? and result = 'ACCEPTED'
            order by checked_at fetch first 1 rows only""")) {
      jdbc.sql(sql)
          .params(certificateId, Timestamp.from(at), station)
          .query((rs, row) -> rs.getTimestamp(1).toInstant())
          .optional()
          .ifPresent(nearest::add);
    }
    return nearest;
  }

  /** Farther than the margin plus what the fastest train covers in the time between. */
  boolean tooFar(double kilometres, Instant a, Instant b) {
    double hours = Math.abs(Duration.between(a, b).toMillis()) / 3_600_000.0;
    return kilometres > marginKm + maxSpeedKmh * hours;
  }
}
