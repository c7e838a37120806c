package cn.railway.tempid.application.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An application as its owner sees it: masked identity, no scores, no flags. */
public record ApplicationView(
    String applicationId,
    String status,
    String reasonCode,
    String messageZh,
    String messageEn,
    String guidance,
    String city,
    Instant createdAt,
    Instant decidedAt,
    String maskedName,
    String maskedIdNumber,
    Liveness liveness,
    String certificateId,
    Quota quota,
    @JsonInclude(JsonInclude.Include.NON_NULL) String applicantToken,
    @JsonInclude(JsonInclude.Include.NON_NULL) GuardianLiveness guardianLiveness,
    @JsonInclude(JsonInclude.Include.NON_NULL) Guardian guardian) {

  public record Liveness(
      String sessionId, String status, Integer attemptsLeft, Instant expiresAt) {}

  /** The guardian's own face check of a child's application (PIPL art. 31). */
  public record GuardianLiveness(String sessionId, String status, Instant expiresAt) {}

  /** The guardian of a child's application, masked as the applicant is. */
  public record Guardian(String maskedName, String maskedIdNumber) {}

  public record Quota(int used, int limit) {}

  /** The same view with the applicant token shown to a guest once. */
  public ApplicationView withApplicantToken(String token) {
    return new ApplicationView(
        applicationId,
        status,
        reasonCode,
        messageZh,
        messageEn,
        guidance,
        city,
        createdAt,
        decidedAt,
        maskedName,
        maskedIdNumber,
        liveness,
        certificateId,
        quota,
        token,
        guardianLiveness,
        guardian);
  }
}
