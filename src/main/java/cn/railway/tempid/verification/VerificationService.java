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
import cn.railway.tempid.frame.VerificationKey;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

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
  private final Clock clock;
  private final MeterRegistry meters;
  private final VerificationRecords records;
  private final TicketMatches ticketMatches;

  VerificationService(
      SigningKeys keys,
      CertificateService certificates,
      ViewSessions viewSessions,
      Clock clock,
      MeterRegistry meters,
      VerificationRecords records,
      TicketMatches ticketMatches) {
    this.keys = keys;
    this.certificates = certificates;
    this.viewSessions = viewSessions;
    this.clock = clock;
    this.meters = meters;
    this.records = records;
    this.ticketMatches = ticketMatches;
  }

  private record CachedKeys(List<VerificationKey> keys, Instant readAt) {}

  /** How long the published verification keys are reused before they are read again. */
  static final Duration KEY_CACHE = Duration.ofSeconds(5);

  private volatile CachedKeys cachedKeys;

  /**
   * The published verification keys, read at most every {@link #KEY_CACHE} (a verification used to
   * read and decode them every time); {@code fresh} reads them at once (an unknown key id).
   */
  private List<VerificationKey> publishedKeys(boolean fresh) {
    Instant now = clock.instant();
    CachedKeys c = cachedKeys;
    if (fresh
        || c == null
        || now.isBefore(c.readAt())
        || !now.isBefore(c.readAt().plus(KEY_CACHE))) {
      c = new CachedKeys(keys.published(), now);
      cachedKeys = c;
    }
    return c.keys();
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
    // result and reason only: never the certificate, checkpoint or holder
    Counter.builder("tempid.verifications")
        .description("Online QR frame verifications by result and reason")
        .tag("result", outcome.result())
        .tag("reason", outcome.reason() == null ? "NONE" : outcome.reason())
        .register(meters)
        .increment();
    return outcome;
  }

  private Checked check(
      String token,
      String checkpointId,
      CheckpointType type,
      Caller.Checkpoint caller,
      String ticketIdNumber,
      Instant now) {
    // the certificate row read for the status check is the one the answer is built from: one
    // read per verification, not two
    Map<UUID, Optional<Certificate>> read = new HashMap<>(2);
    Verification v =
        new FrameVerifier(
                KeyLookup.of(publishedKeys(false)),
                id -> standing(read.computeIfAbsent(id, this::find)))
            .verify(token, now);
    if (v.reason() == Verification.Reason.UNKNOWN_KEY) {
      // signed with a key newer than the cached list (rotated on another node): read them again
      v =
          new FrameVerifier(
                  KeyLookup.of(publishedKeys(true)),
                  id -> standing(read.computeIfAbsent(id, this::find)))
              .verify(token, now);
    }
    boolean trustworthy =
        v.token() != null
            && v.reason() != Verification.Reason.BAD_SIGNATURE
            && v.reason() != Verification.Reason.UNKNOWN_KEY;
    Optional<Certificate> certificate =
        trustworthy
            ? read.computeIfAbsent(v.token().certificateId(), this::find)
            : Optional.empty();
    if (!v.accepted() || certificate.isEmpty()) {
      return Checked.rejected(
          Outcome.rejected(
              v.accepted() ? "CERTIFICATE_REVOKED" : v.reason().name(),
              certificate.map(Certificate::id).orElse(null),
              certificate.map(Certificate::expiresAt).orElse(null)));
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
        sighting(token, caller, checkpointId, type, c.id(), now),
        access,
        probing);
  }

  /**
   * What the service makes of a frame an offline checkpoint scanned earlier: its own verdict at the
   * time of the scan (status as known now), and whether the sighting was recorded. Only a genuine
   * frame that was current when scanned is recorded, with the scan time; the answer names another
   * checkpoint's earlier sighting of the same frame, if any. No holder data is returned.
   */
  public record OfflineSighting(
      boolean recorded,
      String result,
      String reason,
      String certificateId,
      Instant alreadySeenAt) {}

  /** How far ahead of the service's clock an offline device's scan time may be. */
  private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(2);

  public OfflineSighting recordOffline(
      String token,
      String checkpointId,
      CheckpointType type,
      Instant scannedAt,
      Caller.Checkpoint caller) {
    OfflineSighting sighting = offline(token, checkpointId, type, scannedAt, caller);
    if (sighting.recorded()) {
      // the sighting and the holder's check log, at the time of the scan, committed together;
      // nothing personal is shown to an offline upload: no access audit entry
      Instant alreadySeenAt =
          records.write(
              new VerificationRecords.Item(
                  sighting(token, caller, checkpointId, type, sighting.certificateId(), scannedAt),
                  null,
                  new CheckLog.Entry(
                      sighting.certificateId(),
                      type.name(),
                      caller.station(),
                      sighting.result(),
                      sighting.reason(),
                      scannedAt),
                  null));
      sighting =
          new OfflineSighting(
              true, sighting.result(), sighting.reason(), sighting.certificateId(), alreadySeenAt);
    }
    Counter.builder("tempid.verifications.offline")
        .description("Sightings uploaded by offline checkpoints, by whether they were recorded")
        .tag("recorded", Boolean.toString(sighting.recorded()))
        .register(meters)
        .increment();
    return sighting;
  }

  private OfflineSighting offline(
      String token,
      String checkpointId,
      CheckpointType type,
      Instant scannedAt,
      Caller.Checkpoint caller) {
    if (scannedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
      // a scan "from the future": the device's clock is wrong, nothing can be said of the frame
      return new OfflineSighting(
          false, "REJECTED", Verification.Reason.FRAME_EXPIRED.name(), null, null);
    }
    Verification v =
        new FrameVerifier(KeyLookup.of(keys.published()), id -> standing(find(id)))
            .verify(token, scannedAt);
    Verification.Reason reason = v.reason();
    boolean genuineAndCurrent =
        v.token() != null
            && reason != Verification.Reason.BAD_SIGNATURE
            && reason != Verification.Reason.UNKNOWN_KEY
            && reason != Verification.Reason.FRAME_EXPIRED;
    if (!genuineAndCurrent) {
      return new OfflineSighting(false, "REJECTED", reason.name(), null, null);
    }
    String certificateId = v.token().certificateId().toString();
    boolean known = certificates.find(certificateId).isPresent();
    if (!known) {
      // purged or never issued: fail closed, record nothing about an unknown id
      return new OfflineSighting(
          false, "REJECTED", Verification.Reason.CERTIFICATE_REVOKED.name(), null, null);
    }
    // recorded by the caller, which then knows when another checkpoint saw the frame first
    return new OfflineSighting(
        true,
        v.accepted() ? "ACCEPTED" : "REJECTED",
        v.accepted() ? null : reason.name(),
        certificateId,
        null);
  }

  private Optional<Certificate> find(UUID certificateId) {
    return certificates.find(certificateId.toString());
  }

  private StatusLookup.Standing standing(Optional<Certificate> certificate) {
    return certificate
        .map(
            c ->
                new StatusLookup.Standing(
                    CertificateState.valueOf(c.statusAt(clock.instant()).name()), c.expiresAt()))
        // an id we never issued: fail closed
        .orElse(new StatusLookup.Standing(CertificateState.REVOKED, null));
  }

  /**
   * The sighting of this frame, with the checkpoint type the device acted as and its key's station
   * or train code. A checkpoint is the authenticated key plus the device id it names, so one key
   * cannot pose as another's devices.
   */
  private static VerificationRecords.Sighting sighting(
      String token,
      Caller.Checkpoint caller,
      String deviceId,
      CheckpointType type,
      String certificateId,
      Instant at) {
    return new VerificationRecords.Sighting(
        Tokens.hash(token),
        Tokens.hash(caller.keyId() + "\n" + deviceId),
        certificateId,
        at,
        type.name(),
        caller.station());
  }
}
