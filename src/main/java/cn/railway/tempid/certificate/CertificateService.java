package cn.railway.tempid.certificate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other features ask of the certificate feature about issued certificates: issue one (the
 * application journey), find one, the holder's ID number and ticket match (checkpoints), and what
 * the status lists publish. Implemented in {@code issuing/}.
 */
public interface CertificateService {

  /** The person's certificate that is active now, if any. */
  Optional<Certificate> activeFor(String personKey);

  Optional<Certificate> find(String certificateId);

  Optional<Certificate> findByApplication(String applicationId);

  /**
   * Issues the certificate of an application, valid from now; an earlier active certificate of the
   * same person becomes SUPERSEDED (R17). Idempotent: a retried call returns the same certificate.
   */
  Certificate issue(String applicationId, String personKey, String name, String idNumber);

  /**
   * The holder's full ID number, for checkpoints allowed real-name checks only; null when the
   * certificate is unknown or its personal data was purged (retention).
   */
  String idNumberOf(String certificateId);

  /**
   * Whether the ID number printed on an e-ticket is the holder's (the ticket match at checkpoints):
   * compared as the keyed hash of the normalised number against the certificate's person key, in
   * constant time, without decrypting or releasing the certificate's number. False when the
   * certificate's personal data was purged.
   */
  boolean holderMatches(Certificate certificate, String ticketIdNumber);

  /** A withdrawn (superseded or revoked) certificate as published in the status list. */
  record Withdrawn(String certificateId, CertificateStatus status, Instant since) {}

  /**
   * Certificates withdrawn before their validity ended and still within it: what an offline
   * checkpoint cannot see in the frame itself.
   */
  List<Withdrawn> withdrawnStillValid();

  /** A certificate's status-list index and its status at the time of the snapshot. */
  record IndexedStatus(long statusIndex, CertificateStatus status) {}

  /**
   * What the status list token needs, read at one instant: the highest index handed out (-1 when
   * none); the lowest index of a certificate still within its validity (every certificate below it
   * has expired, whatever else happened); the status of every certificate from that index on; and
   * the indices of revoked certificates below it.
   */
  record StatusListSnapshot(
      Instant at,
      long highestIndex,
      long lowestLiveIndex,
      List<IndexedStatus> live,
      List<Long> revokedBelow) {}

  StatusListSnapshot statusListSnapshot();

  /**
   * Changes when a certificate is revoked or superseded: the latest such change per status and how
   * many certificates changed at that instant. Two cheap index reads per status.
   */
  record WithdrawalStamp(List<String> parts) {}

  WithdrawalStamp withdrawalStamp();
}
