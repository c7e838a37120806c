package cn.railway.tempid.application.internal;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One person's requests one after another (at most one application in flight, the monthly quota
 * under concurrent requests): a lock row per person key, taken in the caller's transaction.
 */
@Component
public class PersonLock {
  private final ApplicationRepository applications;
  private final Clock clock;
  private final TransactionTemplate separateTransaction;

  PersonLock(
      ApplicationRepository applications,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.applications = applications;
    this.clock = clock;
    this.separateTransaction = new TransactionTemplate(transactionManager);
    this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Before the locking transaction: on databases that cannot create the row inline, the person's
   * lock row is made in a transaction of its own.
   */
  public void prepare(String personKey) {
    if (!applications.createsLockRowInline()) {
      Instant now = clock.instant();
      separateTransaction.executeWithoutResult(
          tx -> applications.ensurePersonLockRow(personKey, now));
    }
  }

  /**
   * Takes the person's lock row for this transaction, creating it if it is missing (first
   * application, or the retention purge removed it since): every request of one person, on any
   * node, waits here for the one before it.
   */
  public void lock(String personKey) {
    if (applications.createsLockRowInline()) {
      applications.insertPersonLockRowIfMissing(personKey, clock.instant());
    }
    while (!applications.lockPerson(personKey)) {
      Instant now = clock.instant();
      separateTransaction.executeWithoutResult(
          tx -> applications.ensurePersonLockRow(personKey, now));
    }
  }
}
