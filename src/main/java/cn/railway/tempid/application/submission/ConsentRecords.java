package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.internal.ApplicationProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The consents of an application (identity, biometric, location), one row per kind, written in the
 * submitting transaction together with the privacy notice version agreed to. Never shown by the
 * API; the rows hold no personal data and outlive the retention purge as evidence.
 */
@Repository
class ConsentRecords {
  enum Kind {
    IDENTITY,
    BIOMETRIC,
    LOCATION,
    /** A guardian's consent for an applicant under 14 (only applications with a guardian). */
    GUARDIAN
  }

  record Consent(
      String applicationId, Kind kind, boolean granted, Instant grantedAt, String noticeVersion) {}

  private final JdbcClient jdbc;
  private final String noticeVersion;

  ConsentRecords(JdbcClient jdbc, ApplicationProperties properties) {
    this.jdbc = jdbc;
    this.noticeVersion = properties.consent().noticeVersion();
  }

  void record(
      String applicationId, boolean identity, boolean biometric, boolean location, Instant at) {
    insert(applicationId, Kind.IDENTITY, identity, at);
    insert(applicationId, Kind.BIOMETRIC, biometric, at);
    insert(applicationId, Kind.LOCATION, location, at);
  }

  /** The guardian's consent, when a guardian was given (PIPL art. 31). */
  void recordGuardian(String applicationId, boolean granted, Instant at) {
    insert(applicationId, Kind.GUARDIAN, granted, at);
  }

  private void insert(String applicationId, Kind kind, boolean granted, Instant at) {
    jdbc.sql(
            """
        insert into consent_record (application_id, kind, granted, granted_at, notice_version)
        values (?, ?, ?, ?, ?)""")
        .params(applicationId, kind.name(), granted, Timestamp.from(at), noticeVersion)
        .update();
  }

  List<Consent> of(String applicationId) {
    return jdbc.sql(
            """
        select * from consent_record where application_id = ? order by kind""")
        .param(applicationId)
        .query(
            (rs, row) ->
                new Consent(
                    rs.getString("application_id"),
                    Kind.valueOf(rs.getString("kind")),
                    rs.getBoolean("granted"),
                    rs.getTimestamp("granted_at").toInstant(),
                    rs.getString("notice_version")))
        .list();
  }
}
