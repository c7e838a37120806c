package cn.railway.tempid.application.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The guardian consent record of a child's application (PIPL art. 31): the guardian's identity
 * (encrypted), person key, consent and when. Written in the submitting transaction when a guardian
 * is given, kept only if the eligibility table requires a guardian, purged with the case.
 */
@Repository
public class GuardianConsents {
  public static final String NAME_CONTEXT = "guardian_consent.name";
  public static final String ID_NUMBER_CONTEXT = "guardian_consent.id_number";

  /** A stored record; name and ID number still encrypted. */
  public record Guardian(
      String applicationId,
      String idType,
      String nameEnc,
      String idNumberEnc,
      String personKey,
      boolean consentGiven) {
    @Override
    public String toString() {
      return "Guardian[" + applicationId + "]";
    }
  }

  private final JdbcClient jdbc;
  private final String noticeVersion;

  GuardianConsents(JdbcClient jdbc, ApplicationProperties properties) {
    this.jdbc = jdbc;
    this.noticeVersion = properties.consent().noticeVersion();
  }

  public void record(
      String applicationId,
      String idType,
      String nameEnc,
      String idNumberEnc,
      String personKey,
      boolean consentGiven,
      Instant at) {
    jdbc.sql(
            """
        insert into guardian_consent (application_id, id_type, name_enc, id_number_enc,
          person_key, consent_given, consented_at, notice_version)
        values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            applicationId,
            idType,
            nameEnc,
            idNumberEnc,
            personKey,
            consentGiven,
            Timestamp.from(at),
            noticeVersion)
        .update();
  }

  public Optional<Guardian> find(String applicationId) {
    return jdbc.sql(
            """
        select application_id, id_type, name_enc, id_number_enc, person_key, consent_given
        from guardian_consent where application_id = ?""")
        .param(applicationId)
        .query(
            (rs, row) ->
                new Guardian(
                    rs.getString("application_id"),
                    rs.getString("id_type"),
                    rs.getString("name_enc"),
                    rs.getString("id_number_enc"),
                    rs.getString("person_key"),
                    rs.getBoolean("consent_given")))
        .optional();
  }

  /** Not needed (the applicant is 14 or older, or refused): nothing of the guardian is kept. */
  public void discard(String applicationId) {
    jdbc.sql("delete from guardian_consent where application_id = ?").param(applicationId).update();
  }
}
