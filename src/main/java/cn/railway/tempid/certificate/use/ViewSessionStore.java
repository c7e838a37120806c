package cn.railway.tempid.certificate.use;

import cn.railway.tempid.account.PassengerLoggedOut;
import cn.railway.tempid.certificate.CertificateProperties;
import cn.railway.tempid.certificate.ViewSessions;
import cn.railway.tempid.certificate.internal.CertificateRows;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Tokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * View sessions of the QR page (R11, R12): opened after a passed liveness check, valid for 30
 * minutes, ended at logout or when the certificate is withdrawn. Only the token's hash is stored;
 * the stored expiry is the authority, whatever the timer in the process does. Other features read
 * them through {@link ViewSessions}.
 */
@Service
public class ViewSessionStore implements ViewSessions {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration ttl;

  ViewSessionStore(JdbcClient jdbc, Clock clock, CertificateProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.ttl = properties.certificate().viewSessionTtl();
  }

  /** A view session just opened: its token is shown once, only its hash is stored. */
  public record Opened(String id, String token, Instant expiresAt) {}

  @Transactional
  public Opened open(String certificateId, String accountId, String livenessSessionId) {
    Instant now = clock.instant();
    String id = Ids.newId();
    String token = Ids.newToken();
    Instant expiresAt = now.plus(ttl);
    jdbc.sql(
            """
        insert into view_session (id, token_hash, certificate_id, account_id, liveness_session_id,
          frame_ref, created_at, expires_at)
        values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            Tokens.hash(token),
            certificateId,
            accountId,
            livenessSessionId,
            frameRef(),
            Timestamp.from(now),
            Timestamp.from(expiresAt))
        .update();
    return new Opened(id, token, expiresAt);
  }

  @Override
  public Optional<ViewSession> find(String token, String certificateId) {
    return jdbc.sql(
            """
        select id, certificate_id, frame_ref, expires_at, revoked_at from view_session
        where token_hash = ? and certificate_id = ?""")
        .params(Tokens.hash(token), certificateId)
        .query(ViewSessionStore::map)
        .optional();
  }

  @Override
  public Optional<Shown> findShown(String certificateId, long frameRef) {
    // one round trip instead of two for every online check
    return jdbc.sql(
            """
        select c.*, v.id as vs_id, v.expires_at as vs_expires_at, v.revoked_at as vs_revoked_at
        from certificate c
        left join view_session v on v.certificate_id = c.id and v.frame_ref = ?
        where c.id = ?""")
        .params(frameRef, certificateId)
        .query(
            (rs, row) ->
                new Shown(
                    CertificateRows.map(rs, row),
                    rs.getString("vs_id") == null
                        ? Optional.empty()
                        : Optional.of(
                            new ViewSession(
                                rs.getString("vs_id"),
                                certificateId,
                                frameRef,
                                rs.getTimestamp("vs_expires_at").toInstant(),
                                rs.getTimestamp("vs_revoked_at") == null
                                    ? null
                                    : rs.getTimestamp("vs_revoked_at").toInstant()))))
        .optional();
  }

  private static ViewSession map(ResultSet rs, int row) throws SQLException {
    return new ViewSession(
        rs.getString("id"),
        rs.getString("certificate_id"),
        rs.getLong("frame_ref"),
        rs.getTimestamp("expires_at").toInstant(),
        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
  }

  private static long frameRef() {
    long ref;
    do {
      ref = RANDOM.nextLong();
    } while (ref == 0L);
    return ref;
  }

  /** The 30-minute timer fired: re-verification is required from now on. */
  @Transactional
  public void lock(String viewSessionId) {
    revoke("id = ?", viewSessionId, "TIME_UP");
  }

  @Transactional
  public void endAllOf(String certificateId, String reason) {
    revoke("certificate_id = ?", certificateId, reason);
  }

  /** R12: after logout, viewing again needs a new face verification. */
  @EventListener
  @Transactional
  public void onLogout(PassengerLoggedOut event) {
    revoke("account_id = ?", event.accountId(), "LOGOUT");
  }

  private void revoke(String condition, String value, String reason) {
    jdbc.sql(
            "update view_session set revoked_at = ?, revoke_reason = ? where revoked_at is null and "
                + condition)
        .params(Timestamp.from(clock.instant()), reason, value)
        .update();
  }
}
