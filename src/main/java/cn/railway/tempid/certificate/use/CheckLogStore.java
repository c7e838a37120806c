package cn.railway.tempid.certificate.use;

import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.MultiRowInsert;
import cn.railway.tempid.shared.persistence.RowWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The holder's check log ({@link CheckLog}) in the tables {@code certificate_check} and {@code
 * certificate_alert}: checks are written in one statement per list in the caller's transaction, or
 * handed to the caller's {@link RowWriter}; accepted checks at listed stations are compared with
 * the certificate's earlier ones ({@link ImpossibleTravel}), and every alert is counted ({@code
 * tempid.checks.alerts{code}}) for operators.
 */
@Service
class CheckLogStore implements CheckLog {
  // one statement per table for the whole list, not one per row
  private static final MultiRowInsert CHECKS =
      new MultiRowInsert(
          "certificate_check",
          List.of(
              "id",
              "certificate_id",
              "checked_at",
              "checkpoint_type",
              "station",
              "result",
              "reason"),
          "");
  private static final MultiRowInsert ALERTS =
      new MultiRowInsert(
          "certificate_alert", List.of("id", "certificate_id", "code", "detected_at"), "");

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final MeterRegistry meters;
  private final ImpossibleTravel impossibleTravel;

  CheckLogStore(
      JdbcClient jdbc,
      JdbcTemplate batch,
      MeterRegistry meters,
      ImpossibleTravel impossibleTravel) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.meters = meters;
    this.impossibleTravel = impossibleTravel;
  }

  @Override
  @Transactional
  public void recordAll(List<Entry> entries) {
    recordAll(entries, List.of());
  }

  @Override
  @Transactional
  public void recordAll(List<Entry> entries, List<Raised> raised) {
    recordAll(entries, raised, RowWriter.now(batch));
  }

  @Override
  public void recordAll(List<Entry> entries, List<Raised> raised, RowWriter writer) {
    if (entries.isEmpty() && raised.isEmpty()) {
      return;
    }
    List<Object[]> alerts = new ArrayList<>(impossibleTravel.alerts(entries));
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
    writer.insert(CHECKS, rows);
    impossibleTravel.remember(entries, writer);
    if (!alerts.isEmpty()) {
      writer.insert(ALERTS, alerts);
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

  @Override
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

  @Override
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
}
