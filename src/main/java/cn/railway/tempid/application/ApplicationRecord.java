package cn.railway.tempid.application;

import java.time.Instant;

/** One application as stored. Name and ID number only as ciphertext. */
record ApplicationRecord(
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
    Instant decidedAt) {}
