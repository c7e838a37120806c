package cn.railway.tempid.certificate.internal;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention of the certificate feature: the certificate's masked values, encrypted ID number and
 * person key, its view sessions, the holder's check log (with its spans per station) and alerts,
 * and a revocation's note. Who revoked it, when and with which reason code stays.
 */
@Component
@Order(20)
class CertificatePersonalData implements PersonalDataEraser {
  private final JdbcClient jdbc;

  CertificatePersonalData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of(
        "certificate",
        "view_session",
        "certificate_check",
        "certificate_station_span",
        "certificate_alert",
        "certificate_revocation");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    if (cases.certificateIds().isEmpty()) {
      return;
    }
    for (String table :
        new String[] {
          "view_session", "certificate_check", "certificate_station_span", "certificate_alert"
        }) {
      jdbc.sql("delete from " + table + " where certificate_id in (:certs)")
          .param("certs", cases.certificateIds())
          .update();
    }
    // the revocation's audit (who, when, reason code) stays; an operator's note goes
    jdbc.sql("update certificate_revocation set note_enc = null where certificate_id in (:certs)")
        .param("certs", cases.certificateIds())
        .update();
    jdbc.sql(
            """
        update certificate set person_key = null, masked_name = null, masked_id_number = null,
          id_number_enc = null, purged_at = :at
        where id in (:certs)""")
        .param("certs", cases.certificateIds())
        .param("at", Timestamp.from(cases.at()))
        .update();
  }

  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    Timestamp cutoff = Timestamp.from(before);
    jdbc.sql("delete from certificate_check where checked_at < ?").param(cutoff).update();
    jdbc.sql("delete from certificate_station_span where latest < ?").param(cutoff).update();
    jdbc.sql("delete from certificate_alert where detected_at < ?").param(cutoff).update();
  }
}
