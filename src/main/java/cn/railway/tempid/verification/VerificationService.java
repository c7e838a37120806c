package cn.railway.tempid.verification;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.certificate.ViewSessions;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.StatusLookup;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Online verification of QR frames at checkpoints (R19). The frame's signature, window and the
 * certificate's current status decide, and online also the view session the frame was shown in:
 * once that is locked or ended, its frames are {@code FRAME_EXPIRED} at once (an offline checkpoint
 * cannot know this and accepts them until their window ends). An accepted frame already seen at
 * another checkpoint is flagged with when it was first seen there. Sightings uploaded by offline
 * checkpoints are {@link OfflineSightings}.
 */
@Service
public class VerificationService {
  private final FrameChecks frames;
  private final CertificateService certificates;
  private final ViewSessions viewSessions;
  private final Clock clock;
  private final MeterRegistry meters;
  private final VerificationRecords records;
  private final TicketMatches ticketMatches;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  VerificationService(
      FrameChecks frames,
      CertificateService certificates,
      ViewSessions viewSessions,
      Clock clock,
      MeterRegistry meters,
      VerificationRecords records,
      TicketMatches ticketMatches) {
    this.frames = frames;
    this.certificates = certificates;
    this.viewSessions = viewSessions;
    this.clock = clock;
    this.meters = meters;
    this.records = records;
    this.ticketMatches = ticketMatches;
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

    Outcome seenElsewhereAt(Instant alreadySeenAt) {
      return new Outcome(
          result,
          reason,
          certificateId,
          maskedName,
          maskedIdNumber,
          idNumber,
          certificateExpiresAt,
          alreadySeenAt,
          ticketHolderMatches);
    }
  }

  /**
   * The verdict, and for an accepted frame the sighting and access entry to record with it, and
   * whether its ticket number was the miss that revealed probing ({@link TicketMatches}).
   */
  private record Checked(
      Outcome outcome,
      VerificationRecords.Sighting sighting,
      PersonalDataAccessLog.Entry access,
      boolean probing) {

    static Checked rejected(Outcome outcome) {
      return new Checked(outcome, null, null, false);
    }
  }

  /**
   * Verifies a frame for a checkpoint acting as {@code type}; the answer carries what that role
   * needs (R19): the masked identity always, the full ID number only to ticket windows and
   * real-name checks whose key has that right, and, when the device sends the ID number printed on
   * the e-ticket, whether it is the holder's ({@code ticketHolderMatches}) without releasing the
   * certificate's number; after too many ticket numbers that were not the holder's, 429 {@code
   * TICKET_MATCH_LIMITED} instead ({@link TicketMatches}), recording nothing. Not one transaction:
   * reads, then the sighting, the audit entry and the check-log entry commit together ({@link
   * VerificationRecords}), before the answer.
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
    Instant now = clock.instant();
    Checked checked = check(token, checkpointId, type, caller, ticketIdNumber, now);
    Outcome outcome = checked.outcome();
    // the holder's check log: a frame of theirs (genuine signature), accepted or not
    CheckLog.Entry check =
        outcome.certificateId() == null
            ? null
            : new CheckLog.Entry(
                outcome.certificateId(),
                type.name(),
                caller.station(),
                outcome.result(),
                outcome.reason(),
                now);
    if (checked.sighting() != null || check != null) {
      // answered only once the sighting, the audit entry and the check are committed
      CheckLog.Raised probing =
          checked.probing()
              ? new CheckLog.Raised(outcome.certificateId(), CheckLog.TICKET_MATCH_PROBING, now)
              : null;
      Instant alreadySeenAt =
          records.write(
              new VerificationRecords.Item(checked.sighting(), checked.access(), check, probing));
      if (checked.sighting() != null) {
        outcome = outcome.seenElsewhereAt(alreadySeenAt);
      }
    }
    counter(outcome.result(), outcome.reason() == null ? "NONE" : outcome.reason()).increment();
    return outcome;
  }

  /** The counter of a result and reason, registered once (not looked up again per request). */
  private Counter counter(String result, String reason) {
    // result and reason only: never the certificate, checkpoint or holder
    return counters.computeIfAbsent(
        result + "/" + reason,
        k ->
            Counter.builder("tempid.verifications")
                .description("Online QR frame verifications by result and reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(meters));
  }

  private Checked check(
      String token,
      String checkpointId,
      CheckpointType type,
      Caller.Checkpoint caller,
      String ticketIdNumber,
      Instant now) {
    // the certificate row read for the status check is the one the answer is built from, read
    // together with the view session the frame names: one read per verification, not two
    Map<UUID, Optional<ViewSessions.Shown>> read = new HashMap<>(2);
    Function<FrameToken, Optional<ViewSessions.Shown>> shown =
        frame ->
            read.computeIfAbsent(
                frame.certificateId(),
                id -> viewSessions.findShown(id.toString(), frame.viewSessionRef()));
    StatusLookup statuses =
        new StatusLookup() {
          @Override
          public Standing statusOf(UUID certificateId) {
            throw new IllegalStateException("looked up by the frame");
          }

          @Override
          public Standing statusOf(FrameToken frame) {
            return frames.standing(shown.apply(frame).map(ViewSessions.Shown::certificate));
          }
        };
    Verification v =
        new FrameVerifier(KeyLookup.of(frames.publishedKeys(false)), statuses).verify(token, now);
    if (v.reason() == Verification.Reason.UNKNOWN_KEY) {
      // signed with a key newer than the cached list (rotated on another node): read them again
      v = new FrameVerifier(KeyLookup.of(frames.publishedKeys(true)), statuses).verify(token, now);
    }
    boolean trustworthy =
        v.token() != null
            && v.reason() != Verification.Reason.BAD_SIGNATURE
            && v.reason() != Verification.Reason.UNKNOWN_KEY;
    Optional<ViewSessions.Shown> found = trustworthy ? shown.apply(v.token()) : Optional.empty();
    Optional<Certificate> certificate = found.map(ViewSessions.Shown::certificate);
    if (!v.accepted() || certificate.isEmpty()) {
      return Checked.rejected(
          Outcome.rejected(
              v.accepted() ? "CERTIFICATE_REVOKED" : v.reason().name(),
              certificate.map(Certificate::id).orElse(null),
              certificate.map(Certificate::expiresAt).orElse(null)));
    }
    Certificate c = certificate.get();
    boolean shownInAnOpenViewSession =
        found.get().viewSession().map(s -> s.validAt(now)).orElse(false);
    if (!shownInAnOpenViewSession) {
      // R11/R12: the QR page was locked (30 minutes) or ended (logout, new face check needed):
      // its last frames stop at once online, not at the end of their window
      return Checked.rejected(
          Outcome.rejected(Verification.Reason.FRAME_EXPIRED.name(), c.id(), c.expiresAt()));
    }
    // the full number only where the role needs it (ticket window, real-name check) and the key
    // has the right; gates and on-train checks never get it, whatever their key allows
    String idNumber =
        type.realNameRole() && caller.realNameAllowed() ? certificates.idNumberOf(c.id()) : null;
    Boolean ticketHolderMatches = null;
    boolean probing = false;
    if (ticketIdNumber != null) {
      // no oracle: too many misses on this certificate and every ticket match of it is a 429
      ticketHolderMatches = certificates.holderMatches(c, ticketIdNumber);
      probing = ticketMatches.admit(c.id(), ticketHolderMatches);
    }
    PersonalDataAccessLog.Entry access =
        PersonalDataAccessLog.entry(
            caller,
            PersonalDataAccessLog.SubjectType.CERTIFICATE,
            c.id(),
            idNumber == null
                ? PersonalDataAccessLog.Shown.MASKED
                : PersonalDataAccessLog.Shown.FULL_ID_NUMBER,
            PersonalDataAccessLog.Purpose.VERIFICATION,
            now);
    return new Checked(
        new Outcome(
            "ACCEPTED",
            null,
            c.id(),
            c.maskedName(),
            c.maskedIdNumber(),
            idNumber,
            c.expiresAt(),
            null,
            ticketHolderMatches),
        FrameChecks.sighting(token, caller, checkpointId, type, c.id(), now),
        access,
        probing);
  }
}
