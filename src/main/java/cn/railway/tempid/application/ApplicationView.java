package cn.railway.tempid.application;

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
    @JsonInclude(JsonInclude.Include.NON_NULL) String applicantToken) {

  public record Liveness(
      String sessionId, String status, Integer attemptsLeft, Instant expiresAt) {}

  public record Quota(int used, int limit) {}

  ApplicationView withApplicantToken(String token) {
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
        token);
  }
}
