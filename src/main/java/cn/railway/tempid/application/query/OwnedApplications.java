package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Ownership: a registered passenger owns the applications of their account or person, a guest the
 * one application their applicant token was issued for. Anyone else gets 404 (never reveal that an
 * application exists).
 */
@Component
public class OwnedApplications {
  private final ApplicationRepository applications;

  OwnedApplications(ApplicationRepository applications) {
    this.applications = applications;
  }

  /** The application if the caller owns it, else a {@code 404}. */
  public ApplicationRecord owned(Caller caller, String applicationId) {
    Optional<ApplicationRecord> found =
        applicationId.length() > 64 ? Optional.empty() : applications.find(applicationId);
    return found.filter(a -> owns(caller, a)).orElseThrow(ApiException::notFound);
  }

  private static boolean owns(Caller caller, ApplicationRecord a) {
    return owns(caller, a.id(), a.accountId(), a.personKey());
  }

  /** Whether {@code caller} owns the application with this id, account and person. */
  static boolean owns(Caller caller, String applicationId, String accountId, String personKey) {
    if (caller instanceof Caller.Passenger p) {
      return p.accountId().equals(accountId) || p.personKey().equals(personKey);
    }
    return caller instanceof Caller.Guest g && g.applicationId().equals(applicationId);
  }
}
