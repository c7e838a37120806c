package cn.railway.tempid.certificate;

import cn.railway.tempid.shared.persistence.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
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
 */
@Service
public class CheckLog {
  public static final String IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL";

  public record Check(Instant checkedAt, String checkpointType, String station, String result) {}

  public record Alert(String code, Instant detectedAt) {}

  private final JdbcClient jdbc;
  private final Stations stations;
  private final Clock clock;
  private final MeterRegistry meters;
  private final double maxSpeedKmh;
  private final double marginKm;

  CheckLog(
      JdbcClient jdbc,
      Stations stations,
      Clock clock,
      MeterRegistry meters,
      @Value("${tempid.checks.max-speed-kmh:350}") double maxSpeedKmh,
      @Value("${tempid.checks.distance-margin-km:50}") double marginKm) {
    this.jdbc = jdbc;
    this.stations = stations;
    this.clock = clock;
    this.meters = meters;
    this.maxSpeedKmh = maxSpeedKmh;
    this.marginKm = marginKm;
  }

  /**
   * Records one online check of a certificate; for an accepted one, looks for impossible travel.
   */
  @Transactional
  public void record(
      String certificateId, String checkpointType, String station, String result, String reason) {
    record(certificateId, checkpointType, station, result, reason, clock.instant());
  }

  /** Records a check made at {@code now} (an offline checkpoint's scan time, uploaded later). */
  @Transactional
  public void record(
      String certificateId,
      String checkpointType,
      String station,
      String result,
      String reason,
      Instant now) {
    if ("ACCEPTED".equals(result)) {
      detectImpossibleTravel(certificateId, station, now);
    }
    jdbc.sql(
            """
        insert into certificate_check (id, certificate_id, checked_at, checkpoint_type, station,
          result, reason)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            Ids.newId(),
            certificateId,
            Timestamp.from(now),
            checkpointType,
            station,
            result,
            reason)
        .update();
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

  private void detectImpossibleTravel(String certificateId, String station, Instant now) {
    Optional<Stations.Position> here = stations.find(station);
    if (here.isEmpty()) {
      return;
    }
    record Earlier(String station, Instant at) {}
    List<Earlier> earlier =
        jdbc.sql(
                """
        select station, checked_at from certificate_check
        where certificate_id = ? and result = 'ACCEPTED' and station is not null""")
            .param(certificateId)
            .query((rs, row) -> new Earlier(rs.getString(1), rs.getTimestamp(2).toInstant()))
            .list();
    boolean impossible =
        earlier.stream()
            .anyMatch(
                e ->
                    stations
                        .find(e.station())
                        .map(there -> tooFar(here.get().kilometresTo(there), e.at(), now))
                        .orElse(false));
    if (impossible) {
      jdbc.sql(
              """
          insert into certificate_alert (id, certificate_id, code, detected_at)
          values (?, ?, ?, ?)""")
          .params(Ids.newId(), certificateId, IMPOSSIBLE_TRAVEL, Timestamp.from(now))
          .update();
      Counter.builder("tempid.checks.alerts")
          .description("Alerts raised on certificates by their check log, by code")
          .tag("code", IMPOSSIBLE_TRAVEL)
          .register(meters)
          .increment();
    }
  }

  /** Farther than the margin plus what the fastest train covers in the time between. */
  boolean tooFar(double kilometres, Instant a, Instant b) {
    double hours = Math.abs(Duration.between(a, b).toMillis()) / 3_600_000.0;
    return kilometres > marginKm + maxSpeedKmh * hours;
  }
}
