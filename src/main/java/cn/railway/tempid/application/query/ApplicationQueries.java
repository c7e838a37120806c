package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What an owner reads: one application (also re-read by a long poll) and their history. */
@Service
public class ApplicationQueries {
  private final ApplicationRepository applications;
  private final OwnedApplications owned;
  private final ApplicationViews views;
  private final Clock clock;
  private final TransactionTemplate transaction;

  ApplicationQueries(
      ApplicationRepository applications,
      OwnedApplications owned,
      ApplicationViews views,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.applications = applications;
    this.owned = owned;
    this.views = views;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** An application of its owner; anyone else gets 404 (never reveal that it exists). */
  public ApplicationView get(Caller caller, String applicationId) {
    // one transaction for the application, its liveness session and the quota: a poll (and each
    // re-read of a long poll) commits once instead of once per statement (docs/performance.md)
    return transaction.execute(tx -> views.view(owned.owned(caller, applicationId)));
  }

  /** R14: a registered passenger's applications of the past month, newest first. */
  public List<ApplicationView> history(Caller.Passenger passenger) {
    Instant since = clock.instant().minus(Duration.ofDays(30));
    return applications
        .forAccountSince(passenger.accountId(), passenger.personKey(), since)
        .stream()
        .map(views::view)
        .toList();
  }
}
