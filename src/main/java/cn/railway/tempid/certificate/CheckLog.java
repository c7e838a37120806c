package cn.railway.tempid.certificate;

import cn.railway.tempid.shared.persistence.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder's check log: when, where (checkpoint type and station or train code) and with which
 * result the certificate's frames were verified online, and alerts on it. Holds no device or key id
 * and nothing personal: only what the holder may see of their own certificate.
 *
 * <p>Impossible travel: when a check is ACCEPTED at a listed station ({@link Stations}), it is
 * compared with every earlier ACCEPTED check of the certificate at a listed station; if the
 * great-circle distance exceeds {@code tempid.checks.distance-margin-km} plus what {@code
 * tempid.checks.max-speed-kmh} covers in the time between them, an {@code IMPOSSIBLE_TRAVEL} alert
 * is recorded on the certificate and counted ({@code tempid.checks.alerts{code}}) for operators.
 * One alert per check that reveals it.
 *
 * <p>Other alerts are raised by the verification itself and recorded here with its check ({@link
 * Raised}): {@code TICKET_MATCH_PROBING} when a certificate's frames were checked against too many
 * ticket ID numbers that were not the holder's. Every alert is counted the same way.
 */
@Service
public class CheckLog {
  public static final String IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL";

  /** Too many ticket ID numbers that were not the holder's were matched against the certificate. */
  public static final String TICKET_MATCH_PROBING = "TICKET_MATCH_PROBING";

  public record Check(Instant checkedAt, String checkpointType, String station, String result) {}

  public record Alert(String code, Instant detectedAt) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final NamedParameterJdbcTemplate named;
  private final Stations stations;
  private final MeterRegistry meters;
  private final double maxSpeedKmh;
  private final double marginKm;

  CheckLog(
      JdbcClient jdbc,
      JdbcTemplate batch,
      NamedParameterJdbcTemplate named,
      Stations stations,
      MeterRegistry meters,
      @Value("${tempid.checks.max-speed-kmh:350}") double maxSpeedKmh,
      @Value("${tempid.checks.distance-margin-km:50}") double marginKm) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.named = named;
    this.stations = stations;
    this.meters = meters;
    this.maxSpeedKmh = maxSpeedKmh;
    this.marginKm = marginKm;
  }

  /** One online check of a certificate, or an offline one uploaded later ({@code checkedAt}). */
  public record Entry(
      String certificateId,
      String checkpointType,
      String station,
      String result,
      String reason,
      Instant checkedAt) {}

  /** An alert the caller detected on a certificate, recorded with the checks. */
  public record Raised(String certificateId, String code, Instant detectedAt) {}

  /**
   * Records several checks in the caller's transaction (the verification writer's batch), in their
   * order: each accepted one is compared with the certificate's earlier accepted checks, those
   * already recorded and those earlier in {@code entries}. One read and one batched insert for the
   * whole list.
   */
  @Transactional
  public void recordAll(List<Entry> entries) {
    recordAll(entries, List.of());
  }

  /** {@link #recordAll(List)}, and alerts the caller raised itself, in the same transaction. */
  @Transactional
  public void recordAll(List<Entry> entries, List<Raised> raised) {
    if (entries.isEmpty() && raised.isEmpty()) {
      return;
    }
    List<Object[]> alerts = new ArrayList<>(detectImpossibleTravel(entries));
    for (Raised r : raised) {
      alerts.add(
          new Object[] {Ids.newId(), r.certificateId(), r.code(), Timestamp.from(r.detectedAt())});
    }
    List<Object[]> rows = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rows.add(
          new Object[] {
            Ids.newId(),
            e.certificateId(),
            Timestamp.from(e.checkedAt()),
            e.checkpointType(),
            e.station(),
            e.result(),
            e.reason()
          });
    }
    if (!rows.isEmpty()) {
      batch.batchUpdate(
          """
          insert into certificate_check (id, certificate_id, checked_at, checkpoint_type, station,
            result, reason)
          values (?, ?, ?, ?, ?, ?, ?)""",
          rows);
    }
    if (!alerts.isEmpty()) {
      batch.batchUpdate(
          """
          insert into certificate_alert (id, certificate_id, code, detected_at)
          values (?, ?, ?, ?)""",
          alerts);
      Map<String, Integer> byCode = new HashMap<>();
      alerts.forEach(a -> byCode.merge((String) a[2], 1, Integer::sum));
      byCode.forEach(
          (code, n) ->
              Counter.builder("tempid.checks.alerts")
                  .description("Alerts raised on certificates by their check log, by code")
                  .tag("code", code)
                  .register(meters)
                  .increment(n));
    }
  }

  /** The checks of a certificate, newest first. */
  public List<Check> checks(String certificateId) {
    return jdbc.sql(
            """
        select checked_at, checkpoint_type, station, result from certificate_check
        where certificate_id = ? order by checked_at desc, id desc""")
        .param(certificateId)
        .query(
            (rs, row) ->
                new Check(
                    rs.getTimestamp("checked_at").toInstant(),
                    rs.getString("checkpoint_type"),
                    rs.getString("station"),
                    rs.getString("result")))
        .list();
  }

  /** The alerts on a certificate, newest first. */
  public List<Alert> alerts(String certificateId) {
    return jdbc.sql(
            """
        select code, detected_at from certificate_alert
        where certificate_id = ? order by detected_at desc, id desc""")
        .param(certificateId)
        .query(
            (rs, row) ->
                new Alert(rs.getString("code"), rs.getTimestamp("detected_at").toInstant()))
        .list();
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
  private List<Object[]> detectImpossibleTravel(List<Entry> entries) {
    List<Entry> listed =
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
    for (Entry e : listed) {
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
              Ids.newId(), e.certificateId(), IMPOSSIBLE_TRAVEL, Timestamp.from(e.checkedAt())
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
