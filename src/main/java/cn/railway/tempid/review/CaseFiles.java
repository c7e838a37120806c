package cn.railway.tempid.review;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a reviewer sees of a case to decide it: masked identity, city, registry answer, the liveness
 * scores and how many applications the person made this month; and the decision once made. A port:
 * the application feature answers it.
 */
public interface CaseFiles {

  record CaseFile(
      String applicationId,
      String maskedName,
      String maskedIdNumber,
      String city,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      String registryResult,
      List<String> registryFlags,
      int applicationsThisMonth,
      Instant submittedAt) {}

  /** A recorded review decision; the note decrypted (null when none was given or it was purged). */
  record RecordedDecision(
      String decision, String reasonCode, String note, String decidedBy, Instant decidedAt) {}

  Optional<CaseFile> forReview(String applicationId);

  /** The decision a reviewer recorded for this application; empty before one was made. */
  Optional<RecordedDecision> decision(String applicationId);
}
