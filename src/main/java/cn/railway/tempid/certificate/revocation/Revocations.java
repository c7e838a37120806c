package cn.railway.tempid.certificate.revocation;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateRevoked;
import cn.railway.tempid.certificate.use.ViewSessionStore;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revocation of a certificate before its validity ends: by the holder ("I found my ID card") or by
 * an operator (fraud, a report). The certificate is {@code REVOKED} the moment the revoking
 * transaction commits, for online checks, the QR page, the owner's view and both status lists; its
 * view sessions end at once, and its lifecycle process ends through the message {@code
 * CertificateRevoked}. The quota it used is not given back. Idempotent: revoking a revoked
 * certificate answers the first revocation; an expired or superseded one cannot be revoked ({@code
 * 409 CERTIFICATE_NOT_ACTIVE}) and nothing brings a revoked one back to life.
 *
 * <p>The audit ({@code certificate_revocation}) holds who (actor type and id: a Camunda user id, a
 * passenger account id or {@code guest}), when and the reason code; an operator's note only
 * encrypted.
 */
@Service
public class Revocations {
  private static final Logger log = LoggerFactory.getLogger(Revocations.class);
  static final String NOTE_CONTEXT = "certificate_revocation.note";
  static final String GUEST = "guest";

  /** Who revoked a certificate. */
  public enum ActorType {
    HOLDER,
    OPERATOR
  }

  /** Reasons a holder may give. */
  public enum HolderReason {
    ID_CARD_FOUND,
    OTHER
  }

  public record Revoked(
      String certificateId,
      Instant revokedAt,
      ActorType actorType,
      String actorId,
      String reasonCode) {}

  private final JdbcClient jdbc;
  private final ViewSessionStore views;
  private final FieldCipher cipher;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final MeterRegistry meters;

  Revocations(
      JdbcClient jdbc,
      ViewSessionStore views,
      FieldCipher cipher,
      Clock clock,
      ApplicationEventPublisher events,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.views = views;
    this.cipher = cipher;
    this.clock = clock;
    this.events = events;
    this.meters = meters;
  }

  /** The revocation of a certificate, if it was revoked. */
  public Optional<Revoked> find(String certificateId) {
    return jdbc.sql(
            """
        select certificate_id, revoked_at, actor_type, actor_id, reason_code
        from certificate_revocation where certificate_id = ?""")
        .param(certificateId)
        .query(
            (rs, row) ->
                new Revoked(
                    rs.getString("certificate_id"),
                    rs.getTimestamp("revoked_at").toInstant(),
                    ActorType.valueOf(rs.getString("actor_type")),
                    rs.getString("actor_id"),
                    rs.getString("reason_code")))
        .optional();
  }

  /**
   * Refuses with {@code 409 CERTIFICATE_NOT_ACTIVE} unless the certificate can be revoked now
   * (active by the stored instants). Call before using up a face check on it.
   */
  public void requireRevocable(Certificate certificate) {
    if (!certificate.activeAt(clock.instant())) {
      throw new ApiException(ProblemCode.CERTIFICATE_NOT_ACTIVE);
    }
  }

  /**
   * Revokes an active certificate. A certificate already revoked answers its first revocation
   * (nothing changes); one that expired or was superseded meanwhile is {@code 409}.
   */
  @Transactional
  public Revoked revoke(String certificateId, Caller caller, String reasonCode, String note) {
    Instant now = clock.instant();
    int changed =
        jdbc.sql(
                """
        update certificate set status = 'REVOKED', status_changed_at = ?
        where id = ? and status = 'ACTIVE' and expires_at > ?""")
            .params(Timestamp.from(now), certificateId, Timestamp.from(now))
            .update();
    if (changed == 0) {
      // revoked by someone else first (the row lock made us wait for them), or no longer active
      return find(certificateId)
          .orElseThrow(() -> new ApiException(ProblemCode.CERTIFICATE_NOT_ACTIVE));
    }
    ActorType actorType = caller instanceof Caller.Operator ? ActorType.OPERATOR : ActorType.HOLDER;
    String actorId = actorId(caller);
    jdbc.sql(
            """
        insert into certificate_revocation (certificate_id, revoked_at, actor_type, actor_id,
          reason_code, note_enc)
        values (?, ?, ?, ?, ?, ?)""")
        .params(
            certificateId,
            Timestamp.from(now),
            actorType.name(),
            actorId,
            reasonCode,
            note == null || note.isBlank() ? null : cipher.encrypt(note, NOTE_CONTEXT))
        .update();
    views.endAllOf(certificateId, "CERTIFICATE_REVOKED");
    events.publishEvent(new CertificateRevoked(certificateId));
    // ids and codes only
    log.info(
        "Certificate {} revoked by {} {} (reason {})",
        certificateId,
        actorType,
        actorId,
        reasonCode);
    Counter.builder("tempid.certificates.revoked")
        .description("Certificates revoked, by who revoked them and the reason code")
        .tag("by", actorType.name())
        .tag("reason", reasonCode)
        .register(meters)
        .increment();
    return find(certificateId).orElseThrow(); // as stored, so a retry answers the very same
  }

  private static String actorId(Caller caller) {
    if (caller instanceof Caller.Operator o) {
      return o.userId();
    }
    if (caller instanceof Caller.Passenger p) {
      return p.accountId();
    }
    if (caller instanceof Caller.Guest) {
      return GUEST;
    }
    throw new IllegalArgumentException("only holders and operators revoke certificates");
  }
}
