package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
  private final RecentViews recent;

  ApplicationQueries(
      ApplicationRepository applications,
      OwnedApplications owned,
      ApplicationViews views,
      Clock clock,
      PlatformTransactionManager transactionManager,
      RecentViews recent) {
    this.applications = applications;
    this.owned = owned;
    this.views = views;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
    this.recent = recent;
  }

  /**
   * An application of its owner, as an app polls it: a view read within {@link RecentViews#REUSE}
   * and not changed since is reused (its owner checked as on a read); anyone else gets 404 (never
   * reveal that it exists).
   */
  public ApplicationView poll(Caller caller, String applicationId) {
    Optional<RecentViews.Entry> reused = recent.find(applicationId);
    if (reused.isPresent()) {
      RecentViews.Entry e = reused.get();
      if (OwnedApplications.owns(caller, applicationId, e.accountId(), e.personKey())) {
        return e.view();
      }
    }
    RecentViews.Read read = recent.startRead(applicationId);
    return transaction.execute(
        tx -> {
          ApplicationRecord a = owned.owned(caller, applicationId);
          ApplicationView view = views.view(a);
          recent.keep(read, a, view);
          return view;
        });
  }

  /** An application of its owner, read now; anyone else gets 404 (never reveal that it exists). */
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
