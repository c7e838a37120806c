package cn.railway.tempid.certificate.issuing;

import cn.railway.tempid.certificate.CertificateService.IndexedStatus;
import cn.railway.tempid.certificate.CertificateService.StatusListSnapshot;
import cn.railway.tempid.certificate.CertificateService.WithdrawalStamp;
import cn.railway.tempid.certificate.CertificateService.Withdrawn;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.certificate.internal.CertificateRows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the status lists publish, read from the {@code certificate} table: the withdrawn
 * certificates still within their validity, the status-list snapshot by index, and the stamp that
 * changes whenever a certificate is revoked or superseded.
 */
@Component
class StatusListReads {
  private final JdbcClient jdbc;
  private final Clock clock;

  StatusListReads(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Certificates withdrawn before their validity ended and still within it: what an offline
   * checkpoint cannot see in the frame itself.
   */
  public java.util.List<Withdrawn> withdrawnStillValid() {
    return jdbc.sql(
            """
        select id, status, status_changed_at from certificate
        where status in ('SUPERSEDED', 'REVOKED') and expires_at > ?
        order by status_changed_at""")
        .param(Timestamp.from(clock.instant()))
        .query(
            (rs, row) ->
                new Withdrawn(
                    rs.getString("id"),
                    CertificateStatus.valueOf(rs.getString("status")),
                    rs.getTimestamp("status_changed_at").toInstant()))
        .list();
  }

  /** The status list token's snapshot, read at one instant in one read-only transaction. */
  @Transactional(readOnly = true)
  public StatusListSnapshot statusListSnapshot() {
    Instant now = clock.instant();
    long highest =
        jdbc.sql("select max(status_index) from certificate")
            .query((rs, n) -> rs.getObject(1) == null ? -1L : rs.getLong(1))
            .single();
    long lowestLive =
        jdbc.sql("select min(status_index) from certificate where expires_at > ?")
            .param(Timestamp.from(now))
            .query((rs, n) -> rs.getObject(1) == null ? highest + 1 : rs.getLong(1))
            .single();
    java.util.List<IndexedStatus> live =
        jdbc
            .sql(
                """
        select * from certificate where status_index >= ? order by status_index""")
            .param(lowestLive)
            .query(CertificateRows::map)
            .list()
            .stream()
            .map(c -> new IndexedStatus(c.statusIndex(), c.statusAt(now)))
            .toList();
    java.util.List<Long> revokedBelow =
        jdbc.sql(
                """
        select status_index from certificate
        where status = 'REVOKED' and status_index < ? order by status_index""")
            .param(lowestLive)
            .query(Long.class)
            .list();
    return new StatusListSnapshot(now, highest, lowestLive, live, revokedBelow);
  }

  /** The latest withdrawal per status, for the status lists' change stamp. */
  public WithdrawalStamp withdrawalStamp() {
    java.util.List<String> parts = new java.util.ArrayList<>();
    for (CertificateStatus status :
        java.util.List.of(CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)) {
      Timestamp latest =
          jdbc.sql("select max(status_changed_at) from certificate where status = ?")
              .param(status.name())
              .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
              .single()
              .orElse(null);
      long atLatest =
          latest == null
              ? 0
              : jdbc.sql(
                      "select count(*) from certificate where status = ? and status_changed_at = ?")
                  .params(status.name(), latest)
                  .query(Long.class)
                  .single();
      parts.add(status.name() + "@" + (latest == null ? "-" : latest.toInstant()) + "x" + atLatest);
    }
    return new WithdrawalStamp(java.util.List.copyOf(parts));
  }
}
