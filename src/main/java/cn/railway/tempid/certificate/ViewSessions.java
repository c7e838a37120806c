package cn.railway.tempid.certificate;

import java.time.Instant;
import java.util.Optional;

/**
 * View sessions of the QR page (R11, R12) as other features read them: the QR page finds the
 * session of a token, a checkpoint the certificate with the session whose frames carry a frame
 * reference. The stored expiry is the authority. Opened, locked and ended in {@code use/}.
 */
public interface ViewSessions {

  /** {@code frameRef}: 8 random bytes put into every QR frame shown in this session. */
  record ViewSession(
      String id, String certificateId, long frameRef, Instant expiresAt, Instant revokedAt) {
    public boolean validAt(Instant now) {
      return revokedAt == null && now.isBefore(expiresAt);
    }
  }

  /** The view session a token belongs to, for that certificate (valid or not). */
  Optional<ViewSession> find(String token, String certificateId);

  /** A certificate and the view session its frame was shown in (empty: none has that reference). */
  record Shown(Certificate certificate, Optional<ViewSession> viewSession) {}

  /**
   * The certificate and, if one of its view sessions carries {@code frameRef}, that session (valid
   * or not), read together in one statement: what an online check needs of a frame. Empty when the
   * certificate is unknown.
   */
  Optional<Shown> findShown(String certificateId, long frameRef);
}
