package cn.railway.tempid.application.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings the application feature reads, bound from {@code tempid.*} (defaults in
 * application.yml, documented in docs/configuration.md). Some keys are shared with the feature they
 * are named after (the liveness attempts, the review deadline): this record reads them, it does not
 * own them. How recent a lookup's face check must be is the certificate feature's own setting
 * ({@code CertificateProperties}).
 *
 * @param liveness {@code tempid.liveness.*}: the attempts an application has
 * @param review {@code tempid.review.*}: when a manual review is overdue
 * @param guests {@code tempid.guests.*}: the lifetime of an applicant token
 * @param consent {@code tempid.consent.*}: the privacy notice stored with each consent
 * @param idempotency {@code tempid.idempotency.*}: how long an Idempotency-Key answers as before
 */
@ConfigurationProperties(prefix = "tempid")
public record ApplicationProperties(
    Liveness liveness,
    Review review,
    Guests guests,
    @DefaultValue Consent consent,
    @DefaultValue Idempotency idempotency) {
  public ApplicationProperties {
    if (liveness == null) {
      throw new IllegalStateException("tempid.liveness.max-attempts must be set");
    }
    if (review == null) {
      throw new IllegalStateException("tempid.review.deadline must be set");
    }
    if (guests == null) {
      throw new IllegalStateException("tempid.guests.applicant-token-ttl must be set");
    }
  }

  /**
   * @param maxAttempts liveness attempts per application (R6), at least 1
   */
  public record Liveness(int maxAttempts) {
    public Liveness {
      if (maxAttempts < 1) {
        throw new IllegalStateException("tempid.liveness.max-attempts must be at least 1");
      }
    }
  }

  /**
   * @param deadline how long after the approval decision a manual review is overdue (escalated)
   */
  public record Review(Duration deadline) {
    public Review {
      requirePositive(deadline, "tempid.review.deadline");
    }
  }

  /**
   * @param applicantTokenTtl how long a guest's applicant token is valid (R16)
   */
  public record Guests(Duration applicantTokenTtl) {
    public Guests {
      requirePositive(applicantTokenTtl, "tempid.guests.applicant-token-ttl");
    }
  }

  /**
   * @param noticeVersion the version of the privacy notice a passenger consents to, stored with
   *     each consent record and guardian consent
   */
  public record Consent(@DefaultValue("2025-11") String noticeVersion) {
    public Consent {
      if (noticeVersion == null || noticeVersion.isBlank()) {
        throw new IllegalStateException("tempid.consent.notice-version must not be blank");
      }
    }
  }

  /**
   * @param ttl how long an {@code Idempotency-Key} of {@code POST /applications} answers as its
   *     first request did
   */
  public record Idempotency(@DefaultValue("PT24H") Duration ttl) {
    public Idempotency {
      requirePositive(ttl, "tempid.idempotency.ttl");
    }
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalStateException(key + " must be a positive duration");
    }
  }
}
