package cn.railway.tempid.certificate.issuing;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateIssued;
import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.internal.CertificateRows;
import cn.railway.tempid.certificate.internal.StatusIndexes;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.Masking;
import cn.railway.tempid.shared.privacy.PersonKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues certificates, expires them and answers which one a person holds; the status lists' reads
 * are {@link StatusListReads}. What other features see of it is {@link CertificateService}.
 */
@Service
public class IssuedCertificates implements CertificateService {
  private static final String ID_NUMBER_CONTEXT = "certificate.id_number";

  private final JdbcClient jdbc;
  private final FieldCipher cipher;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration validity;
  private final Duration renewalWindow;
  private final StatusIndexes statusIndexes;
  private final PersonKeys personKeys;
  private final StatusListReads statusLists;

  IssuedCertificates(
      JdbcClient jdbc,
      StatusIndexes statusIndexes,
      PersonKeys personKeys,
      FieldCipher cipher,
      Clock clock,
      ApplicationEventPublisher events,
      CertificateProperties properties,
      StatusListReads statusLists) {
    this.jdbc = jdbc;
    this.statusIndexes = statusIndexes;
    this.personKeys = personKeys;
    this.cipher = cipher;
    this.clock = clock;
    this.events = events;
    this.validity = properties.certificate().validity();
    this.renewalWindow = properties.certificate().renewalWindow();
    this.statusLists = statusLists;
  }

  /** The person's certificate that is active now, if any. */
  @Override
  public Optional<Certificate> activeFor(String personKey) {
    Instant now = clock.instant();
    return jdbc
        .sql(
            """
        select * from certificate where person_key = ? and status = 'ACTIVE' and expires_at > ?
        order by issued_at desc""")
        .params(personKey, Timestamp.from(now))
        .query(CertificateRows::map)
        .list()
        .stream()
        .findFirst();
  }

  @Override
  public Optional<Certificate> find(String certificateId) {
    return jdbc.sql("select * from certificate where id = ?")
        .param(certificateId)
        .query(CertificateRows::map)
        .optional();
  }

  @Override
  public Optional<Certificate> findByApplication(String applicationId) {
    return jdbc.sql("select * from certificate where application_id = ?")
        .param(applicationId)
        .query(CertificateRows::map)
        .optional();
  }

  /**
   * Issues the certificate of an application, valid from now; an earlier active certificate of the
   * same person becomes SUPERSEDED (R17). Idempotent: a retried call returns the same certificate.
   */
  @Transactional
  @Override
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
  @Override
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
  @Override
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

  @Override
  public java.util.List<Withdrawn> withdrawnStillValid() {
    return statusLists.withdrawnStillValid();
  }

  @Override
  public StatusListSnapshot statusListSnapshot() {
    return statusLists.statusListSnapshot();
  }

  @Override
  public WithdrawalStamp withdrawalStamp() {
    return statusLists.withdrawalStamp();
  }
}
