package cn.railway.tempid.application.journey;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.Refusal;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that refuse an application before it is processed (ADR 0004): service area (R1/R3,
 * from {@code location}), eligibility with a child's guardian (R4/R5, PIPL art. 31, from {@code
 * eligibility}) and quota with early renewal (R8/R17, from {@code quota}). The submission locates
 * the device through it and explains a refusal with it; the pre-check subprocess of the journey
 * runs the checks through it, in the submitting transaction and under the person's lock. No engine
 * code: the process glue calls it from thin delegates.
 */
public interface PreChecks {

  /**
   * R1/R3: the device's coordinates (already range-checked; nulls mean none given) resolved to the
   * city that is stored instead of them.
   */
  ApplicationRecord.Location locate(Double latitude, Double longitude, Double accuracyMeters);

  /** R1/R3: a located city inside the service area. Empty when it passes. */
  Optional<Refusal> checkServiceArea(String applicationId);

  /**
   * R4/R5 and PIPL art. 31: a Chinese resident ID card, and for a child an adult guardian's
   * identity and consent. Empty when it passes; nothing of the guardian is kept unless the table
   * requires a guardian and the application passes.
   */
  Optional<Refusal> checkEligibility(String applicationId);

  /** True when the application goes on with a guardian whose own face check must pass. */
  boolean guardianRequired(String applicationId);

  /**
   * R8/R17: quota left and no active certificate outside its renewal window; reserves one unit of
   * quota when it passes. Empty when it passes.
   */
  Optional<Refusal> reserveQuota(String applicationId);

  /**
   * What a refusal tells the person besides the application (in this order): when renewal opens for
   * {@code ACTIVE_CERTIFICATE_EXISTS}, the quota used and allowed for {@code QUOTA_EXCEEDED};
   * nothing for the others.
   */
  Map<String, Object> refusalDetails(String personKey, ProblemCode refusal);
}
