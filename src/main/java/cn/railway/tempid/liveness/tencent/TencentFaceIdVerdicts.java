package cn.railway.tempid.liveness.tencent;

import cn.railway.tempid.liveness.LivenessProvider.Comparison;
import cn.railway.tempid.liveness.LivenessProvider.ProviderUnavailableException;
import cn.railway.tempid.liveness.LivenessProvider.Result;
import cn.railway.tempid.liveness.LivenessProvider.Verdict;
import com.tencentcloudapi.faceid.v20180301.models.DetectInfoText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * The port's verdict from FaceID's {@code DetectInfo.Text} (GetDetectInfoEnhanced, InfoType 1: the
 * text part only, never photos or video):
 *
 * <ul>
 *   <li>{@code ErrCode} null (no result yet) or 17 (flow not finished): PENDING;
 *   <li>{@code ErrCode} 0 (live, and the same person as the authoritative ID photo): PASSED;
 *   <li>any other {@code ErrCode} (not live / presentation attack 1xxx, face mismatch 2015/2016,
 *       name and number do not match 2006, no photo at the authority 2005/2007, and the vendor's
 *       technical failures inside the finished flow): FAILED. The vendor's "no" is never overridden
 *       by our own rules.
 * </ul>
 *
 * The authority comparison: MATCH with {@code ErrCode} 0, MISMATCH when the vendor found the live
 * face not to be the person ({@code ErrCode} or {@code Comparestatus} 2015/2016), otherwise
 * NOT_COMPARED. Scores: {@code Sim} (0–100) / 100 is the face-match score; FaceID gives a liveness
 * verdict, not a score, so {@code LiveStatus} 0 is 1.00 and any other value 0.00 (absent when the
 * flow never got to the liveness step).
 */
final class TencentFaceIdVerdicts {
  private static final long FLOW_NOT_FINISHED = 17;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** 2015 comparison failed, 2016 similarity below the vendor's pass threshold. */
  private static final Set<Long> NOT_THE_SAME_PERSON = Set.of(2015L, 2016L);

  private TencentFaceIdVerdicts() {}

  static Result of(DetectInfoText text) {
    if (text == null || text.getErrCode() == null || text.getErrCode() == FLOW_NOT_FINISHED) {
      return new Result(Verdict.PENDING, null, null);
    }
    BigDecimal liveness =
        text.getLiveStatus() == null
            ? null
            : text.getLiveStatus() == 0 ? BigDecimal.ONE.setScale(2) : BigDecimal.ZERO.setScale(2);
    BigDecimal faceMatch = faceMatch(text.getSim());
    if (text.getErrCode() == 0) {
      if (faceMatch == null) {
        throw new ProviderUnavailableException(
            "Tencent FaceID GetDetectInfoEnhanced answered success without a similarity");
      }
      return new Result(
          Verdict.PASSED,
          liveness == null ? BigDecimal.ONE.setScale(2) : liveness,
          faceMatch,
          Comparison.MATCH);
    }
    boolean mismatch =
        NOT_THE_SAME_PERSON.contains(text.getErrCode())
            || (text.getComparestatus() != null
                && NOT_THE_SAME_PERSON.contains(text.getComparestatus()));
    return new Result(
        Verdict.FAILED,
        liveness,
        faceMatch,
        mismatch ? Comparison.MISMATCH : Comparison.NOT_COMPARED);
  }

  /**
   * {@code Sim} "0.00"–"100.00" as 0..1 (four decimals); a malformed one is a technical failure.
   */
  static BigDecimal faceMatch(String sim) {
    if (sim == null || sim.isBlank()) {
      return null;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(sim.strip());
    } catch (NumberFormatException e) {
      throw new ProviderUnavailableException(
          "Tencent FaceID GetDetectInfoEnhanced answered a malformed similarity");
    }
    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
      throw new ProviderUnavailableException(
          "Tencent FaceID GetDetectInfoEnhanced answered a similarity outside 0..100");
    }
    return value.divide(HUNDRED, 4, RoundingMode.HALF_EVEN);
  }
}
