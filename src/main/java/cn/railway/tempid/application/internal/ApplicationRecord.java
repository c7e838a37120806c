package cn.railway.tempid.application.internal;

import cn.railway.tempid.application.ApplicationStatus;
import java.time.Instant;

/** One application as stored. Name and ID number only as ciphertext. */
public record ApplicationRecord(
    String id,
    String personKey,
    String accountId,
    ApplicationStatus status,
    String reasonCode,
    String idType,
    String idNumberFamily,
    String nameEnc,
    String idNumberEnc,
    String locationStatus,
    String province,
    String city,
    boolean locationMainland,
    boolean consentIdentity,
    boolean consentBiometric,
    boolean consentLocation,
    int livenessAttempts,
    String registryResult,
    String registryFlags,
    String approvalDecision,
    String approvalReason,
    boolean reviewEscalated,
    String reviewedBy,
    String certificateId,
    Instant createdAt,
    Instant updatedAt,
    Instant decidedAt) {
  // the contexts the name, ID number and review note are encrypted under (AES-GCM associated data)
  public static final String NAME_CONTEXT = "application.name";
  public static final String ID_NUMBER_CONTEXT = "application.id_number";
  public static final String REVIEW_NOTE_CONTEXT = "application.review_note";

  /**
   * A new application that passed validation, with all three consents given: SUBMITTED, before its
   * pre-checks; nothing decided yet.
   */
  public static ApplicationRecord submitted(
      String id,
      String personKey,
      String accountId,
      String idType,
      String idNumberFamily,
      String nameEnc,
      String idNumberEnc,
      Location location,
      Instant at) {
    return new ApplicationRecord(
        id,
        personKey,
        accountId,
        ApplicationStatus.SUBMITTED,
        null,
        idType,
        idNumberFamily,
        nameEnc,
        idNumberEnc,
        location.status(),
        location.province(),
        location.city(),
        location.mainland(),
        true,
        true,
        true,
        0,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        at,
        at,
        null);
  }

  /**
   * An application refused before any processing (e.g. a consent missing): REJECTED at once with
   * its reason, holding no identity and no location; only the consents as given.
   */
  public static ApplicationRecord refusedUnprocessed(
      String id,
      String personKey,
      String accountId,
      String reasonCode,
      boolean consentIdentity,
      boolean consentBiometric,
      boolean consentLocation,
      Instant at) {
    return new ApplicationRecord(
        id,
        personKey,
        accountId,
        ApplicationStatus.REJECTED,
        reasonCode,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        consentIdentity,
        consentBiometric,
        consentLocation,
        0,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        at,
        at,
        at);
  }

  /** Where the applicant was located when applying (a city, never coordinates). */
  public record Location(String status, String province, String city, boolean mainland) {}
}
