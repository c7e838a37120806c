package cn.railway.tempid.application.internal;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.shared.persistence.Databases;
import cn.railway.tempid.shared.persistence.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ApplicationRepository {
  private final JdbcClient jdbc;
  private final boolean postgres;
  private final ChangeSignals changes;

  ApplicationRepository(JdbcClient jdbc, DataSource dataSource, ChangeSignals changes) {
    this.jdbc = jdbc;
    this.postgres = Databases.isPostgres(dataSource);
    this.changes = changes;
  }

  public void insert(ApplicationRecord a) {
    jdbc.sql(
            """
        insert into application (id, person_key, account_id, status, reason_code, id_type,
          id_number_family, name_enc, id_number_enc, location_status, province, city,
          location_mainland, consent_identity, consent_biometric, consent_location,
          liveness_attempts, review_escalated, created_at, updated_at, decided_at)
        values (:id, :personKey, :accountId, :status, :reasonCode, :idType, :idNumberFamily,
          :nameEnc, :idNumberEnc, :locationStatus, :province, :city, :locationMainland,
          :consentIdentity, :consentBiometric, :consentLocation, :livenessAttempts,
          :reviewEscalated, :createdAt, :updatedAt, :decidedAt)""")
        .param("id", a.id())
        .param("personKey", a.personKey())
        .param("accountId", a.accountId())
        .param("status", a.status().name())
        .param("reasonCode", a.reasonCode())
        .param("idType", a.idType())
        .param("idNumberFamily", a.idNumberFamily())
        .param("nameEnc", a.nameEnc())
        .param("idNumberEnc", a.idNumberEnc())
        .param("locationStatus", a.locationStatus())
        .param("province", a.province())
        .param("city", a.city())
        .param("locationMainland", a.locationStatus() == null ? null : a.locationMainland())
        .param("consentIdentity", a.consentIdentity())
        .param("consentBiometric", a.consentBiometric())
        .param("consentLocation", a.consentLocation())
        .param("livenessAttempts", a.livenessAttempts())
        .param("reviewEscalated", a.reviewEscalated())
        .param("createdAt", Timestamp.from(a.createdAt()))
        .param("updatedAt", Timestamp.from(a.updatedAt()))
        .param("decidedAt", a.decidedAt() == null ? null : Timestamp.from(a.decidedAt()))
        .update();
  }

  public Optional<ApplicationRecord> find(String id) {
    return jdbc.sql("select * from application where id = ?")
        .param(id)
        .query(ApplicationRepository::map)
        .optional();
  }

  public ApplicationRecord get(String id) {
    return find(id).orElseThrow(() -> new IllegalStateException("unknown application " + id));
  }

  public boolean hasInFlight(String personKey) {
    return jdbc.sql(
                """
        select count(*) from application
        where person_key = ? and status in ('SUBMITTED', 'AWAITING_LIVENESS', 'UNDER_REVIEW')""")
            .param(personKey)
            .query(Long.class)
            .single()
        > 0;
  }

  /** R14: a registered passenger's applications since {@code since}, newest first. */
  public List<ApplicationRecord> forAccountSince(
      String accountId, String personKey, Instant since) {
    return jdbc.sql(
            """
        select * from application
        where (account_id = ? or person_key = ?) and created_at >= ?
        order by created_at desc""")
        .params(accountId, personKey, Timestamp.from(since))
        .query(ApplicationRepository::map)
        .list();
  }

  public void updateStatus(
      String id, ApplicationStatus status, String reasonCode, Instant now, boolean decided) {
    jdbc.sql(
            """
        update application set status = ?, reason_code = ?, updated_at = ?,
          decided_at = case when ? then ? else decided_at end
        where id = ?""")
        .params(status.name(), reasonCode, Timestamp.from(now), decided, Timestamp.from(now), id)
        .update();
    changes.changed(id); // wakes the owner's long poll (Prefer: wait=N) after the commit
  }

  /**
   * The next liveness attempt is open: one more attempt counted and the application awaiting it, in
   * one statement (one row write, not two).
   */
  public void livenessAttemptStarted(String id, Instant now) {
    jdbc.sql(
            """
        update application set liveness_attempts = liveness_attempts + 1,
          status = ?, reason_code = null, updated_at = ?
        where id = ?""")
        .params(ApplicationStatus.AWAITING_LIVENESS.name(), Timestamp.from(now), id)
        .update();
    changes.changed(id);
  }

  public void recordRegistry(String id, String result, String flags, Instant now) {
    jdbc.sql(
            "update application set registry_result = ?, registry_flags = ?, updated_at = ? where id = ?")
        .params(result, flags, Timestamp.from(now), id)
        .update();
  }

  public void recordApproval(String id, String decision, String reason, Instant now) {
    jdbc.sql(
            "update application set approval_decision = ?, approval_reason = ?, updated_at = ? where id = ?")
        .params(decision, reason, Timestamp.from(now), id)
        .update();
  }

  public void recordEscalation(String id, Instant now) {
    jdbc.sql("update application set review_escalated = true, updated_at = ? where id = ?")
        .params(Timestamp.from(now), id)
        .update();
  }

  /** A manual review's decision as the reviewer made it (the note as ciphertext). */
  public record ReviewRecord(
      String decision, String reasonCode, String noteEnc, String reviewedBy, Instant reviewedAt) {}

  public void recordReview(
      String id, String reviewer, String decision, String reasonCode, String noteEnc, Instant now) {
    jdbc.sql(
            """
        update application set reviewed_by = ?, review_decision = ?, review_reason_code = ?,
          review_note_enc = ?, reviewed_at = ?, updated_at = ?
        where id = ?""")
        .params(
            reviewer, decision, reasonCode, noteEnc, Timestamp.from(now), Timestamp.from(now), id)
        .update();
  }

  /** The recorded review decision of an application; empty before a reviewer decided. */
  public Optional<ReviewRecord> findReview(String id) {
    return jdbc.sql(
            """
        select review_decision, review_reason_code, review_note_enc, reviewed_by, reviewed_at
        from application where id = ? and reviewed_at is not null""")
        .param(id)
        .query(
            (rs, row) ->
                new ReviewRecord(
                    rs.getString("review_decision"),
                    rs.getString("review_reason_code"),
                    rs.getString("review_note_enc"),
                    rs.getString("reviewed_by"),
                    Rows.instant(rs, "reviewed_at")))
        .optional();
  }

  public void recordCertificate(String id, String certificateId, Instant now) {
    jdbc.sql(
            """
        update application set status = 'ISSUED', reason_code = null, certificate_id = ?,
          updated_at = ?, decided_at = ?
        where id = ?""")
        .params(certificateId, Timestamp.from(now), Timestamp.from(now), id)
        .update();
    changes.changed(id);
  }

  /** Makes sure the person's lock row exists (its own transaction; a duplicate is fine). */
  /**
   * True where the lock row can be created inside the locking transaction (PostgreSQL: {@code
   * insert … on conflict do nothing} waits for a concurrent insert of the same key instead of
   * failing), saving the separate transaction of {@link #ensurePersonLockRow}.
   */
  public boolean createsLockRowInline() {
    return postgres;
  }

  /** PostgreSQL only: creates the person's lock row in the current transaction if it is missing. */
  public void insertPersonLockRowIfMissing(String personKey, Instant now) {
    jdbc.sql(
            "insert into person_lock (person_key, created_at) values (?, ?) on conflict do nothing")
        .params(personKey, Timestamp.from(now))
        .update();
  }

  public void ensurePersonLockRow(String personKey, Instant now) {
    try {
      jdbc.sql("insert into person_lock (person_key, created_at) values (?, ?)")
          .params(personKey, Timestamp.from(now))
          .update();
    } catch (DuplicateKeyException alreadyThere) {
      // another request created it first
    }
  }

  /** Serialises everything one person does (submit, new attempt) across requests and nodes. */
  public boolean lockPerson(String personKey) {
    return jdbc.sql("select person_key from person_lock where person_key = ? for update")
        .param(personKey)
        .query(String.class)
        .optional()
        .isPresent();
  }

  public void insertApplicantToken(
      String tokenHash, String applicationId, Instant issuedAt, Instant expiresAt) {
    jdbc.sql(
            """
        insert into applicant_token (token_hash, application_id, issued_at, expires_at)
        values (?, ?, ?, ?)""")
        .params(tokenHash, applicationId, Timestamp.from(issuedAt), Timestamp.from(expiresAt))
        .update();
  }

  /** An applicant token's application, its person and when the token expires. */
  public record ApplicantToken(String applicationId, String personKey, Instant expiresAt) {}

  /**
   * Signalled when applicant tokens were erased (retention): every node forgets the tokens and the
   * owners' views it reuses.
   */
  public static final String TOKENS_ERASED = "applicant-tokens-erased";

  public Optional<ApplicantToken> findLiveApplicantToken(String tokenHash, Instant now) {
    return jdbc.sql(
            """
        select a.id, a.person_key, t.expires_at
        from applicant_token t join application a on a.id = t.application_id
        where t.token_hash = ? and t.expires_at > ?""")
        .params(tokenHash, Timestamp.from(now))
        .query(
            (rs, row) ->
                new ApplicantToken(
                    rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .optional();
  }

  /** Tells every node that applicant tokens were erased; call it inside the erasing transaction. */
  public void tokensErased() {
    changes.changed(TOKENS_ERASED);
  }

  private static ApplicationRecord map(ResultSet rs, int row) throws SQLException {
    return new ApplicationRecord(
        rs.getString("id"),
        rs.getString("person_key"),
        rs.getString("account_id"),
        ApplicationStatus.valueOf(rs.getString("status")),
        rs.getString("reason_code"),
        rs.getString("id_type"),
        rs.getString("id_number_family"),
        rs.getString("name_enc"),
        rs.getString("id_number_enc"),
        rs.getString("location_status"),
        rs.getString("province"),
        rs.getString("city"),
        rs.getBoolean("location_mainland"),
        rs.getBoolean("consent_identity"),
        rs.getBoolean("consent_biometric"),
        rs.getBoolean("consent_location"),
        rs.getInt("liveness_attempts"),
        rs.getString("registry_result"),
        rs.getString("registry_flags"),
        rs.getString("approval_decision"),
        rs.getString("approval_reason"),
        rs.getBoolean("review_escalated"),
        rs.getString("reviewed_by"),
        rs.getString("certificate_id"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"),
        Rows.instant(rs, "decided_at"));
  }
}
