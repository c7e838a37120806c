package cn.railway.tempid.retention;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import cn.railway.tempid.shared.privacy.RetentionCases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention (docs/rules.md, "Privacy"): once a case is older than {@code
 * tempid.retention.personal-data} and finished (not in flight, no certificate still valid), its
 * personal data is replaced by nothing. A non-personal stub stays so statistics survive: ids,
 * status, reason and approval codes, ID type and family, location status, dates, reviewer id.
 * Purged are the encrypted name and ID number, the person key and account link, province and city,
 * the registry answer, the review note, the certificate's masked values and encrypted ID number,
 * the liveness scores and person key of its sessions, its applicant tokens, view sessions, frame
 * sightings, the holder's check log and its alerts, a revocation's note, a child's guardian's name,
 * ID number and person key, and the person key of failed face checks. Consent records, the access
 * audit trail, who revoked a certificate with which reason code and the failed face checks' ids and
 * codes stay: they hold ids and codes only.
 *
 * <p>This job only orchestrates: the application feature says which cases are due ({@link
 * RetentionCases}) and each feature erases its own tables ({@link PersonalDataEraser}).
 *
 * <p>Decided by the one clock; idempotent ({@code purged_at}); batches of {@value #BATCH} cases,
 * each in its own transaction, so it can run on any node (the Quartz job runs it on one).
 */
@Service
@EnableConfigurationProperties(RetentionProperties.class)
public class PersonalDataPurge {
  /** Longer than any month: the quota month and the one-month history (R14) are never cut. */
  static final Duration MINIMUM_RETENTION = Duration.ofDays(31);

  static final int BATCH = 200;

  private final RetentionCases cases;
  private final List<PersonalDataEraser> erasers;
  private final Clock clock;
  private final Duration retention;
  private final TransactionTemplate transaction;

  PersonalDataPurge(
      RetentionCases cases,
      List<PersonalDataEraser> erasers,
      Clock clock,
      PlatformTransactionManager transactionManager,
      RetentionProperties properties) {
    this.cases = cases;
    this.erasers = List.copyOf(erasers); // in their @Order: the application's last
    this.clock = clock;
    this.retention = properties.personalData();
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public record Purged(int applications, int certificates) {
    public boolean any() {
      return applications > 0 || certificates > 0;
    }
  }

  /** Purges every case that is due now (by the one clock). */
  public Purged purgeDue() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(retention);
    int applications = 0;
    int certificates = 0;
    while (true) {
      Purged batch = transaction.execute(tx -> purgeBatch(now, cutoff));
      applications += batch.applications();
      certificates += batch.certificates();
      if (batch.applications() < BATCH) {
        break;
      }
    }
    transaction.executeWithoutResult(tx -> purgeLeftovers(now, cutoff));
    return new Purged(applications, certificates);
  }

  private Purged purgeBatch(Instant now, Instant cutoff) {
    List<String> ids = cases.finishedBefore(cutoff, now, BATCH);
    if (ids.isEmpty()) {
      return new Purged(0, 0);
    }
    PersonalDataEraser.FinishedCases due =
        new PersonalDataEraser.FinishedCases(ids, cases.certificatesOf(ids), now);
    erasers.forEach(eraser -> eraser.eraseCases(due));
    return new Purged(ids.size(), due.certificateIds().size());
  }

  /**
   * What belongs to no case, or outlived it: lookups, expired tokens, old sightings, expired
   * idempotency keys.
   */
  private void purgeLeftovers(Instant now, Instant cutoff) {
    erasers.forEach(eraser -> eraser.eraseLeftovers(now, cutoff));
  }
}
