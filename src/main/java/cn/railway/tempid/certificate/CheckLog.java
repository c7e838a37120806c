package cn.railway.tempid.certificate;

import cn.railway.tempid.shared.persistence.RowWriter;
import java.time.Instant;
import java.util.List;

/**
 * The holder's check log: when, where (checkpoint type and station or train code) and with which
 * result the certificate's frames were verified online, and alerts on it. Holds no device or key id
 * and nothing personal: only what the holder may see of their own certificate. The verification
 * feature records its checks here; the impossible-travel alert is raised here ({@code use/}), other
 * alerts by the verification itself ({@link Raised}), e.g. {@code TICKET_MATCH_PROBING}.
 */
public interface CheckLog {
  String IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL";

  /** Too many ticket ID numbers that were not the holder's were matched against the certificate. */
  String TICKET_MATCH_PROBING = "TICKET_MATCH_PROBING";

  /** A check as the holder sees it. */
  record Check(Instant checkedAt, String checkpointType, String station, String result) {}

  /** An alert as the holder sees it. */
  record Alert(String code, Instant detectedAt) {}

  /** One online check of a certificate, or an offline one uploaded later ({@code checkedAt}). */
  record Entry(
      String certificateId,
      String checkpointType,
      String station,
      String result,
      String reason,
      Instant checkedAt) {}

  /** An alert the caller detected on a certificate, recorded with the checks. */
  record Raised(String certificateId, String code, Instant detectedAt) {}

  /**
   * Records several checks in the caller's transaction (the verification writer's batch), in their
   * order: each accepted one is compared with the certificate's earlier accepted checks, those
   * already recorded and those earlier in {@code entries}. One read and one insert statement for
   * the whole list.
   */
  void recordAll(List<Entry> entries);

  /** {@link #recordAll(List)}, and alerts the caller raised itself, in the same transaction. */
  void recordAll(List<Entry> entries, List<Raised> raised);

  /**
   * {@link #recordAll(List, List)} for a caller that sends its rows its own way: the comparison
   * with the checks recorded so far is read at once (in the caller's transaction, if any), and the
   * inserts of the checks, the alerts and what the next comparison needs are handed to {@code
   * writer}. The rows are recorded when the caller's writer writes them.
   */
  void recordAll(List<Entry> entries, List<Raised> raised, RowWriter writer);

  /** The checks of a certificate, newest first. */
  List<Check> checks(String certificateId);

  /** The alerts on a certificate, newest first. */
  List<Alert> alerts(String certificateId);
}
