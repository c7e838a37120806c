package cn.railway.tempid.liveness.aliyun;

import cn.railway.tempid.liveness.LivenessProvider.Comparison;
import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import cn.railway.tempid.liveness.LivenessProvider.Result;
import cn.railway.tempid.liveness.LivenessProvider.Verdict;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyResponseBody.DescribeFaceVerifyResponseBodyResultObject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The port's verdict from {@code DescribeFaceVerify}'s {@code ResultObject} (the vendor: "judge by
 * {@code Passed}"; {@code SubCode} says why):
 *
 * <ul>
 *   <li>no {@code Passed} yet: PENDING;
 *   <li>{@code Passed} T with {@code SubCode} 200 (live, and the same person as the authoritative
 *       ID photo): PASSED;
 *   <li>anything else: FAILED (201 name and number do not match, 202 no such identity, 203 no
 *       usable photo at the authority, 204 the face is not the person's, 205 liveness risk (an
 *       attack), 206 and later: the vendor's other refusals). The vendor's "no" is never
 *       overridden.
 * </ul>
 *
 * The authority comparison: MATCH when passed, MISMATCH for 204, otherwise NOT_COMPARED. Scores
 * come from {@code MaterialInfo} (a JSON text; only these fields are read, no picture links):
 * {@code facialPictureFront.verifyScore} (0–100) / 100 is the face-match score; the vendor gives a
 * liveness verdict ({@code faceAttack} T: an attack), so liveness is 0.00 for an attack or {@code
 * SubCode} 205, otherwise 1.00 (absent when the vendor says nothing about it and did not pass).
 */
final class AliyunIdVerificationVerdicts {
  private static final String PASSED = "200";
  private static final String FACE_MISMATCH = "204";
  private static final String LIVENESS_RISK = "205";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private AliyunIdVerificationVerdicts() {}

  static Result of(DescribeFaceVerifyResponseBodyResultObject result) {
    if (result == null || result.getPassed() == null || result.getPassed().isBlank()) {
      return new Result(Verdict.PENDING, null, null);
    }
    JsonNode material = material(result.getMaterialInfo());
    BigDecimal faceMatch = faceMatch(material.path("facialPictureFront").path("verifyScore"));
    String attack = material.path("faceAttack").asText("");
    boolean passed = "T".equals(result.getPassed()) && PASSED.equals(result.getSubCode());
    BigDecimal liveness =
        "T".equals(attack) || LIVENESS_RISK.equals(result.getSubCode())
            ? BigDecimal.ZERO.setScale(2)
            : "F".equals(attack) || passed ? BigDecimal.ONE.setScale(2) : null;
    if (passed) {
      return new Result(Verdict.PASSED, liveness, faceMatch, Comparison.MATCH);
    }
    return new Result(
        Verdict.FAILED,
        liveness,
        faceMatch,
        FACE_MISMATCH.equals(result.getSubCode()) ? Comparison.MISMATCH : Comparison.NOT_COMPARED);
  }

  private static JsonNode material(String materialInfo) {
    if (materialInfo == null || materialInfo.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(materialInfo);
    } catch (JsonProcessingException e) {
      throw new ProviderUnavailableException(
          "Aliyun ID Verification DescribeFaceVerify answered a malformed MaterialInfo");
    }
  }

  /** {@code verifyScore} 0–100 as 0..1 (four decimals); a malformed one is a technical failure. */
  static BigDecimal faceMatch(JsonNode score) {
    if (score == null || score.isMissingNode() || score.isNull() || score.asText().isBlank()) {
      return null;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(score.asText().strip());
    } catch (NumberFormatException e) {
      throw new ProviderUnavailableException(
          "Aliyun ID Verification DescribeFaceVerify answered a malformed verifyScore");
    }
    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
      throw new ProviderUnavailableException(
          "Aliyun ID Verification DescribeFaceVerify answered a verifyScore outside 0..100");
    }
    return value.divide(HUNDRED, 4, RoundingMode.HALF_EVEN);
  }
}
