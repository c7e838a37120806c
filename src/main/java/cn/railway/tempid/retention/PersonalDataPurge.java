package cn.railway.tempid.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention (SPEC §3 Privacy): once a case is older than {@code tempid.retention.personal-data} and
 * finished (not in flight, no certificate still valid), its personal data is replaced by nothing. A
 * non-personal stub stays so statistics survive: ids, status, reason and approval codes, ID type
 * and family, location status, dates, reviewer id. Purged are the encrypted name and ID number, the
 * person key and account link, province and city, the registry answer, the review note, the
 * certificate's masked values and encrypted ID number, the liveness scores and person key of its
 * sessions, its applicant tokens, view sessions, frame sightings, the holder's check log and its
 * alerts, a revocation's note, a child's guardian's name, ID number and person key, and the person
 * key of failed face checks. Consent records, the access audit trail, who revoked a certificate
 * with which reason code and the failed face checks' ids and codes stay: they hold ids and codes
 * only.
 *
 * <p>Decided by the one clock; idempotent ({@code purged_at}); batches of {@value #BATCH} cases,
 * each in its own transaction, so it can run on any node (the Quartz job runs it on one).
 */
@Service
public class PersonalDataPurge {
  /** Longer than any month: the quota month and the one-month history (R14) are never cut. */
  static final Duration MINIMUM_RETENTION = Duration.ofDays(31);

  static final int BATCH = 200;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration retention;
  private final TransactionTemplate transaction;

  PersonalDataPurge(
      JdbcClient jdbc,
      Clock clock,
      PlatformTransactionManager transactionManager,
      @Value("${tempid.retention.personal-data:P31D}") Duration retention) {
    if (retention.compareTo(MINIMUM_RETENTION) < 0) {
      throw new IllegalStateException(
          "tempid.retention.personal-data must be at least "
              + MINIMUM_RETENTION
              + " (history is shown for one month; quota counts a month)");
    }
    this.jdbc = jdbc;
    this.clock = clock;
    this.retention = retention;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public record Purged(int applications, int certificates) {
    public boolean any() {
      return applications > 0 || certificates > 0;
    }
  }

  /** Purges every case that is due now (by the one clock). */
  public Purged purgeDue() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(retention);
    int applications = 0;
    int certificates = 0;
    while (true) {
      Purged batch = transaction.execute(tx -> purgeBatch(now, cutoff));
      applications += batch.applications();
      certificates += batch.certificates();
      if (batch.applications() < BATCH) {
        break;
      }
    }
    transaction.executeWithoutResult(tx -> purgeLeftovers(now, cutoff));
    return new Purged(applications, certificates);
  }

  private Purged purgeBatch(Instant now, Instant cutoff) {
    List<String> ids =
        jdbc.sql(
                """
        select a.id from application a
        where a.purged_at is null and a.created_at < :cutoff
          and a.status not in ('SUBMITTED', 'AWAITING_LIVENESS', 'UNDER_REVIEW')
          and not exists (select 1 from certificate c where c.application_id = a.id
            and c.status = 'ACTIVE' and c.expires_at > :now)
        order by a.created_at
        fetch first %d rows only"""
                    .formatted(BATCH))
            .param("cutoff", Timestamp.from(cutoff))
            .param("now", Timestamp.from(now))
            .query(String.class)
            .list();
    if (ids.isEmpty()) {
      return new Purged(0, 0);
    }
    Timestamp at = Timestamp.from(now);
    List<String> certs =
        jdbc.sql("select id from certificate where application_id in (:ids)")
            .param("ids", ids)
            .query(String.class)
            .list();
    if (!certs.isEmpty()) {
      update("delete from frame_sighting where certificate_id in (:certs)", Map.of("certs", certs));
      update("delete from view_session where certificate_id in (:certs)", Map.of("certs", certs));
      update(
          "delete from certificate_check where certificate_id in (:certs)", Map.of("certs", certs));
      update(
          "delete from certificate_alert where certificate_id in (:certs)", Map.of("certs", certs));
      // the revocation's audit (who, when, reason code) stays; an operator's note goes
      update(
          "update certificate_revocation set note_enc = null where certificate_id in (:certs)",
          Map.of("certs", certs));
      update(
          """
          update liveness_session set liveness_score = null, face_match_score = null,
            person_key = null
          where certificate_id in (:certs)""",
          Map.of("certs", certs));
      update(
          """
          update certificate set person_key = null, masked_name = null, masked_id_number = null,
            id_number_enc = null, purged_at = :at
          where id in (:certs)""",
          Map.of("certs", certs, "at", at));
    }
    update(
        """
        update liveness_session set liveness_score = null, face_match_score = null,
          person_key = null
        where application_id in (:ids)""",
        Map.of("ids", ids));
    update("delete from applicant_token where application_id in (:ids)", Map.of("ids", ids));
    // a child's guardian: identity and person key go, the consent given and when stay
    update(
        """
        update guardian_consent set name_enc = null, id_number_enc = null, person_key = null,
          purged_at = :at
        where application_id in (:ids)""",
        Map.of("ids", ids, "at", at));
    update(
        "update quota_reservation set person_key = null where application_id in (:ids)",
        Map.of("ids", ids));
    update(
        """
        update application set person_key = null, account_id = null, name_enc = null,
          id_number_enc = null, province = null, city = null, registry_result = null,
          registry_flags = null, review_note_enc = null, purged_at = :at
        where id in (:ids)""",
        Map.of("ids", ids, "at", at));
    return new Purged(ids.size(), certs.size());
  }

  /**
   * What belongs to no case, or outlived it: lookups, expired tokens, old sightings, expired
   * idempotency keys.
   */
  private void purgeLeftovers(Instant now, Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    update(
        "delete from idempotency_key where expires_at < :now", Map.of("now", Timestamp.from(now)));
    update(
        """
        update liveness_session set liveness_score = null, face_match_score = null,
          person_key = null
        where created_at < :before and person_key is not null
          and not exists (select 1 from application a
            where a.id = liveness_session.application_id and a.purged_at is null)""",
        Map.of("before", before));
    // failed face checks keep their ids and codes; the person key goes
    update(
        """
        update face_check_event set person_key = null
        where occurred_at < :before and person_key is not null""",
        Map.of("before", before));
    update("delete from frame_sighting where seen_at < :before", Map.of("before", before));
    update("delete from certificate_check where checked_at < :before", Map.of("before", before));
    update("delete from certificate_alert where detected_at < :before", Map.of("before", before));
    update("delete from applicant_token where expires_at < :before", Map.of("before", before));
    update("delete from access_token where expires_at < :before", Map.of("before", before));
    // a person's lock row once nothing of theirs is left (a submit recreates it when needed)
    update(
        """
        delete from person_lock where created_at < :before
          and not exists (select 1 from application a where a.person_key = person_lock.person_key)
          and not exists (select 1 from passenger_account p
            where p.person_key = person_lock.person_key)""",
        Map.of("before", before));
  }

  private int update(String sql, Map<String, ?> params) {
    return jdbc.sql(sql).params(params).update();
  }
}
