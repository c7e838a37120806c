package cn.railway.tempid.review;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a reviewer sees of a case to decide it: masked identity, city, registry answer and the
 * liveness scores. A port: the application feature answers it.
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
      Instant submittedAt) {}

  Optional<CaseFile> forReview(String applicationId);
}
