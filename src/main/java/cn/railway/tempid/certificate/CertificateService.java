package cn.railway.tempid.certificate;

import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Rows;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.Masking;
import cn.railway.tempid.shared.privacy.PersonKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues certificates and answers which one a person holds. */
@Service
public class CertificateService {
  static final String ID_NUMBER_CONTEXT = "certificate.id_number";

  private final JdbcClient jdbc;
  private final FieldCipher cipher;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration validity;
  private final Duration renewalWindow;
  private final StatusIndexes statusIndexes;
  private final PersonKeys personKeys;

  CertificateService(
      JdbcClient jdbc,
      StatusIndexes statusIndexes,
      PersonKeys personKeys,
      FieldCipher cipher,
      Clock clock,
      ApplicationEventPublisher events,
      @Value("${tempid.certificate.validity}") Duration validity,
      @Value("${tempid.certificate.renewal-window}") Duration renewalWindow) {
    this.jdbc = jdbc;
    this.statusIndexes = statusIndexes;
    this.personKeys = personKeys;
    this.cipher = cipher;
    this.clock = clock;
    this.events = events;
    this.validity = validity;
    this.renewalWindow = renewalWindow;
  }

  /** The person's certificate that is active now, if any. */
  public Optional<Certificate> activeFor(String personKey) {
    Instant now = clock.instant();
    return jdbc
        .sql(
            """
        select * from certificate where person_key = ? and status = 'ACTIVE' and expires_at > ?
        order by issued_at desc""")
        .params(personKey, Timestamp.from(now))
        .query(CertificateService::map)
        .list()
        .stream()
        .findFirst();
  }

  public Optional<Certificate> find(String certificateId) {
    return jdbc.sql("select * from certificate where id = ?")
        .param(certificateId)
        .query(CertificateService::map)
        .optional();
  }

  public Optional<Certificate> findByApplication(String applicationId) {
    return jdbc.sql("select * from certificate where application_id = ?")
        .param(applicationId)
        .query(CertificateService::map)
        .optional();
  }

  /**
   * Issues the certificate of an application, valid from now; an earlier active certificate of the
   * same person becomes SUPERSEDED (R17). Idempotent: a retried call returns the same certificate.
   */
  @Transactional
  public Certificate issue(String applicationId, String personKey, String name, String idNumber) {
    Optional<Certificate> existing = findByApplication(applicationId);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(validity);
    String id = Ids.newId();
    Optional<Certificate> previous = activeFor(personKey);
    jdbc.sql(
            """
        insert into certificate (id, application_id, person_key, status, masked_name,
          masked_id_number, id_number_enc, issued_at, expires_at, renewal_opens_at,
          status_changed_at, status_index)
        values (?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            applicationId,
            personKey,
            Masking.maskName(name),
            Masking.maskIdNumber(idNumber),
            cipher.encrypt(idNumber, ID_NUMBER_CONTEXT),
            Timestamp.from(now),
            Timestamp.from(expiresAt),
            Timestamp.from(expiresAt.minus(renewalWindow)),
            Timestamp.from(now),
            statusIndexes.next())
        .update();
    previous.ifPresent(
        old ->
            jdbc.sql(
                    """
        update certificate set status = 'SUPERSEDED', status_changed_at = ?, superseded_by = ?
        where id = ? and status = 'ACTIVE'""")
                .params(Timestamp.from(now), id, old.id())
                .update());
    events.publishEvent(
        new CertificateIssued(id, applicationId, previous.map(Certificate::id).orElse(null)));
    return find(id).orElseThrow();
  }

  /**
   * The holder's full ID number, for checkpoints allowed real-name checks only; null when the
   * certificate is unknown or its personal data was purged (retention).
   */
  public String idNumberOf(String certificateId) {
    return jdbc.sql("select id_number_enc from certificate where id = ?")
        .param(certificateId)
        .query(String.class)
        .optional()
        .map(enc -> cipher.decrypt(enc, ID_NUMBER_CONTEXT))
        .orElse(null);
  }

  /**
   * Whether the ID number printed on an e-ticket is the holder's (the ticket match at checkpoints):
   * compared as the keyed hash of the normalised number against the certificate's person key, in
   * constant time, without decrypting or releasing the certificate's number. False when the
   * certificate's personal data was purged.
   */
  public boolean holderMatches(Certificate certificate, String ticketIdNumber) {
    if (certificate.personKey() == null || ticketIdNumber == null) {
      return false;
    }
    String normalized =
        Normalizer.normalize(ticketIdNumber, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
    return MessageDigest.isEqual(
        personKeys.personKey(normalized).getBytes(StandardCharsets.US_ASCII),
        certificate.personKey().getBytes(StandardCharsets.US_ASCII));
  }

  /** Ends an ACTIVE certificate whose validity is over (R9); false when it was not ACTIVE. */
  @Transactional
  public boolean expire(String certificateId) {
    return jdbc.sql(
                """
        update certificate set status = 'EXPIRED', status_changed_at = ?
        where id = ? and status = 'ACTIVE'""")
            .params(Timestamp.from(clock.instant()), certificateId)
            .update()
        == 1;
  }

  /** A withdrawn (superseded or revoked) certificate as published in the status list. */
  public record Withdrawn(String certificateId, CertificateStatus status, Instant since) {}

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

  /** A certificate's status-list index and its status at the time of the snapshot. */
  public record IndexedStatus(long statusIndex, CertificateStatus status) {}

  /**
   * What the status list token needs, read at one instant: the highest index handed out (-1 when
   * none); the lowest index of a certificate still within its validity (every certificate below it
   * has expired, whatever else happened); the status of every certificate from that index on; and
   * the indices of revoked certificates below it.
   */
  public record StatusListSnapshot(
      Instant at,
      long highestIndex,
      long lowestLiveIndex,
      java.util.List<IndexedStatus> live,
      java.util.List<Long> revokedBelow) {}

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
            .query(CertificateService::map)
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

  /**
   * Changes when a certificate is revoked or superseded: the latest such change per status and how
   * many certificates changed at that instant. Two cheap index reads per status.
   */
  public record WithdrawalStamp(java.util.List<String> parts) {}

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

  private static Certificate map(ResultSet rs, int row) throws SQLException {
    return new Certificate(
        rs.getString("id"),
        rs.getString("application_id"),
        rs.getString("person_key"),
        CertificateStatus.valueOf(rs.getString("status")),
        rs.getString("masked_name"),
        rs.getString("masked_id_number"),
        Rows.instant(rs, "issued_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "renewal_opens_at"),
        Rows.instant(rs, "status_changed_at"),
        rs.getString("superseded_by"),
        rs.getObject("status_index") == null ? null : rs.getLong("status_index"));
  }
}
