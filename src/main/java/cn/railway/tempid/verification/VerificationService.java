package cn.railway.tempid.verification;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.certificate.ViewSessions;
import cn.railway.tempid.frame.CertificateState;
import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.StatusLookup;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Online verification of QR frames at checkpoints (R19). The frame's signature, window and the
 * certificate's current status decide, and online also the view session the frame was shown in:
 * once that is locked or ended, its frames are {@code FRAME_EXPIRED} at once (an offline checkpoint
 * cannot know this and accepts them until their window ends). An accepted frame already seen at
 * another checkpoint is flagged with when it was first seen there.
 */
@Service
public class VerificationService {
  private final SigningKeys keys;
  private final CertificateService certificates;
  private final ViewSessions viewSessions;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final PersonalDataAccessLog accessLog;
  private final MeterRegistry meters;
  private final TransactionTemplate separateTransaction;
  private final CheckLog checkLog;

  VerificationService(
      SigningKeys keys,
      CertificateService certificates,
      ViewSessions viewSessions,
      JdbcClient jdbc,
      Clock clock,
      PersonalDataAccessLog accessLog,
      MeterRegistry meters,
      PlatformTransactionManager transactionManager,
      CheckLog checkLog) {
    this.checkLog = checkLog;
    this.separateTransaction = new TransactionTemplate(transactionManager);
    this.accessLog = accessLog;
    this.keys = keys;
    this.certificates = certificates;
    this.viewSessions = viewSessions;
    this.jdbc = jdbc;
    this.clock = clock;
    this.meters = meters;
  }

  public record Outcome(
      String result,
      String reason,
      String certificateId,
      String maskedName,
      String maskedIdNumber,
      String idNumber,
      Instant certificateExpiresAt,
      Instant alreadySeenAt,
      Boolean ticketHolderMatches) {

    static Outcome rejected(String reason, String certificateId, Instant certificateExpiresAt) {
      return new Outcome(
          "REJECTED", reason, certificateId, null, null, null, certificateExpiresAt, null, null);
    }
  }

  /**
   * Verifies a frame for a checkpoint acting as {@code type}; the answer carries what that role
   * needs (R19): the masked identity always, the full ID number only to ticket windows and
   * real-name checks whose key has that right, and, when the device sends the ID number printed on
   * the e-ticket, whether it is the holder's ({@code ticketHolderMatches}) without releasing the
   * certificate's number. Not one transaction: reads, then the sighting and the audit entry each
   * commit on their own.
   */
  public Outcome verify(
      String token,
      String checkpointId,
      CheckpointType type,
      Caller.Checkpoint caller,
      String ticketIdNumber) {
    if (!caller.mayActAs(type.name())) {
      throw new IllegalArgumentException("the controller refuses types a key may not act as");
    }
    Outcome outcome = check(token, checkpointId, type, caller, ticketIdNumber);
    if (outcome.certificateId() != null) {
      // the holder's check log: a frame of theirs (genuine signature), accepted or not
      checkLog.record(
          outcome.certificateId(),
          type.name(),
          caller.station(),
          outcome.result(),
          outcome.reason());
    }
    // result and reason only: never the certificate, checkpoint or holder
    Counter.builder("tempid.verifications")
        .description("Online QR frame verifications by result and reason")
        .tag("result", outcome.result())
        .tag("reason", outcome.reason() == null ? "NONE" : outcome.reason())
        .register(meters)
        .increment();
    return outcome;
  }

  private Outcome check(
      String token,
      String checkpointId,
      CheckpointType type,
      Caller.Checkpoint caller,
      String ticketIdNumber) {
    Instant now = clock.instant();
    Verification v =
        new FrameVerifier(KeyLookup.of(keys.published()), this::standing).verify(token, now);
    boolean trustworthy =
        v.token() != null
            && v.reason() != Verification.Reason.BAD_SIGNATURE
            && v.reason() != Verification.Reason.UNKNOWN_KEY;
    Optional<Certificate> certificate =
        trustworthy ? certificates.find(v.token().certificateId().toString()) : Optional.empty();
    if (!v.accepted() || certificate.isEmpty()) {
      return Outcome.rejected(
          v.accepted() ? "CERTIFICATE_REVOKED" : v.reason().name(),
          certificate.map(Certificate::id).orElse(null),
          certificate.map(Certificate::expiresAt).orElse(null));
    }
    Certificate c = certificate.get();
    boolean shownInAnOpenViewSession =
        viewSessions
            .findByFrameRef(c.id(), v.token().viewSessionRef())
            .map(s -> s.validAt(now))
            .orElse(false);
    if (!shownInAnOpenViewSession) {
      // R11/R12: the QR page was locked (30 minutes) or ended (logout, new face check needed):
      // its last frames stop at once online, not at the end of their window
      return Outcome.rejected(Verification.Reason.FRAME_EXPIRED.name(), c.id(), c.expiresAt());
    }
    Instant alreadySeenAt = sighting(token, caller, checkpointId, type, c.id(), now);
    // the full number only where the role needs it (ticket window, real-name check) and the key
    // has the right; gates and on-train checks never get it, whatever their key allows
    String idNumber =
        type.realNameRole() && caller.realNameAllowed() ? certificates.idNumberOf(c.id()) : null;
    Boolean ticketHolderMatches =
        ticketIdNumber == null ? null : certificates.holderMatches(c, ticketIdNumber);
    accessLog.record(
        caller,
        PersonalDataAccessLog.SubjectType.CERTIFICATE,
        c.id(),
        idNumber == null
            ? PersonalDataAccessLog.Shown.MASKED
            : PersonalDataAccessLog.Shown.FULL_ID_NUMBER,
        PersonalDataAccessLog.Purpose.VERIFICATION);
    return new Outcome(
        "ACCEPTED",
        null,
        c.id(),
        c.maskedName(),
        c.maskedIdNumber(),
        idNumber,
        c.expiresAt(),
        alreadySeenAt,
        ticketHolderMatches);
  }

  private StatusLookup.Standing standing(UUID certificateId) {
    return certificates
        .find(certificateId.toString())
        .map(
            c ->
                new StatusLookup.Standing(
                    CertificateState.valueOf(c.statusAt(clock.instant()).name()), c.expiresAt()))
        // an id we never issued: fail closed
        .orElse(new StatusLookup.Standing(CertificateState.REVOKED, null));
  }

  /**
   * Records this sighting with the checkpoint type the device acted as and its key's station or
   * train code, then returns when another checkpoint first saw the same frame, if any. A checkpoint
   * is the authenticated key plus the device id it names, so one key cannot pose as another's
   * devices. Safe when the same frame arrives twice at once (a gate that retries).
   */
  private Instant sighting(
      String token,
      Caller.Checkpoint caller,
      String deviceId,
      CheckpointType type,
      String certificateId,
      Instant now) {
    String frameHash = Tokens.hash(token);
    String checkpoint = Tokens.hash(caller.keyId() + "\n" + deviceId);
    try {
      separateTransaction.executeWithoutResult(
          tx ->
              jdbc.sql(
                      """
          insert into frame_sighting (frame_hash, checkpoint_id, certificate_id, seen_at,
            checkpoint_type, station)
          values (?, ?, ?, ?, ?, ?)""")
                  .params(
                      frameHash,
                      checkpoint,
                      certificateId,
                      Timestamp.from(now),
                      type.name(),
                      caller.station())
                  .update());
    } catch (DuplicateKeyException seenHereBefore) {
      // the same checkpoint scanned the same frame again: nothing new to record
    }
    return jdbc
        .sql(
            """
        select seen_at from frame_sighting where frame_hash = ? and checkpoint_id <> ?
        order by seen_at""")
        .params(frameHash, checkpoint)
        .query((rs, row) -> rs.getTimestamp(1).toInstant())
        .list()
        .stream()
        .findFirst()
        .orElse(null);
  }
}
