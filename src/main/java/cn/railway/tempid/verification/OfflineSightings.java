package cn.railway.tempid.verification;

import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.Verification;
import cn.railway.tempid.qr.SigningKeys;
import cn.railway.tempid.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Sightings uploaded by offline checkpoints (R19): frames they scanned earlier and accepted or
 * refused on their own. The service judges each at the time of its scan and records the genuine,
 * then-current ones with the holder's check log, naming another checkpoint's earlier sighting of
 * the same frame. Nothing personal is shown to an upload.
 */
@Service
class OfflineSightings {
  private final FrameChecks frames;
  private final SigningKeys keys;
  private final CertificateService certificates;
  private final Clock clock;
  private final MeterRegistry meters;
  private final VerificationRecords records;

  OfflineSightings(
      FrameChecks frames,
      SigningKeys keys,
      CertificateService certificates,
      Clock clock,
      MeterRegistry meters,
      VerificationRecords records) {
    this.frames = frames;
    this.keys = keys;
    this.certificates = certificates;
    this.clock = clock;
    this.meters = meters;
    this.records = records;
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
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  OfflineSighting record(
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
                  FrameChecks.sighting(
                      token, caller, checkpointId, type, sighting.certificateId(), scannedAt),
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
        new FrameVerifier(KeyLookup.of(keys.published()), id -> frames.standing(frames.find(id)))
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
}
