package cn.railway.tempid.application.internal;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import cn.railway.tempid.shared.privacy.RetentionCases;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention of the application feature, which owns cases: which cases are due, and erasing the
 * application's encrypted name and ID number, person key and account link, province and city,
 * registry answer and review note, its applicant tokens and a child's guardian's identity. A
 * non-personal stub stays (ids, status, reason and approval codes, ID type and family, location
 * status, dates, reviewer id); consent records keep ids and codes only. Runs last, as it marks the
 * case purged.
 */
@Component
@Order(100)
class ApplicationPersonalData implements PersonalDataEraser, RetentionCases {
  private final JdbcClient jdbc;
  private final CertificateService certificates;
  private final ApplicationRepository applications;

  ApplicationPersonalData(
      JdbcClient jdbc, CertificateService certificates, ApplicationRepository applications) {
    this.jdbc = jdbc;
    this.certificates = certificates;
    this.applications = applications;
  }

  @Override
  public List<String> finishedBefore(Instant cutoff, Instant now, int limit) {
    // reads the certificate's status and expiry: a case with a valid certificate is not finished
    return jdbc.sql(
            """
        select a.id from application a
        where a.purged_at is null and a.created_at < :cutoff
          and a.status not in ('SUBMITTED', 'AWAITING_LIVENESS', 'UNDER_REVIEW')
          and not exists (select 1 from certificate c where c.application_id = a.id
            and c.status = 'ACTIVE' and c.expires_at > :now)
        order by a.created_at
        fetch first %d rows only"""
                .formatted(limit))
        .param("cutoff", Timestamp.from(cutoff))
        .param("now", Timestamp.from(now))
        .query(String.class)
        .list();
  }

  @Override
  public List<String> certificatesOf(List<String> applicationIds) {
    return applicationIds.stream()
        .map(certificates::findByApplication)
        .flatMap(Optional::stream)
        .map(Certificate::id)
        .toList();
  }

  @Override
  public Set<String> erases() {
    return Set.of(
        "application", "applicant_token", "guardian_consent", "idempotency_key", "person_lock");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    Timestamp at = Timestamp.from(cases.at());
    jdbc.sql("delete from applicant_token where application_id in (:ids)")
        .param("ids", cases.applicationIds())
        .update();
    // every node forgets the erased tokens and the views it reuses, once this commits
    applications.tokensErased();
    // a child's guardian: identity and person key go, the consent given and when stay
    jdbc.sql(
            """
        update guardian_consent set name_enc = null, id_number_enc = null, person_key = null,
          purged_at = :at
        where application_id in (:ids)""")
        .param("ids", cases.applicationIds())
        .param("at", at)
        .update();
    jdbc.sql(
            """
        update application set person_key = null, account_id = null, name_enc = null,
          id_number_enc = null, province = null, city = null, registry_result = null,
          registry_flags = null, review_note_enc = null, purged_at = :at
        where id in (:ids)""")
        .param("ids", cases.applicationIds())
        .param("at", at)
        .update();
  }

  /** Expired idempotency keys and applicant tokens, and a person's lock row once unused. */
  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    Timestamp cutoff = Timestamp.from(before);
    jdbc.sql("delete from idempotency_key where expires_at < ?")
        .param(Timestamp.from(now))
        .update();
    jdbc.sql("delete from applicant_token where expires_at < ?").param(cutoff).update();
    // once nothing of theirs is left (a submit recreates it when needed); an account counts
    jdbc.sql(
            """
        delete from person_lock where created_at < ?
          and not exists (select 1 from application a where a.person_key = person_lock.person_key)
          and not exists (select 1 from passenger_account p
            where p.person_key = person_lock.person_key)""")
        .param(cutoff)
        .update();
  }
}
