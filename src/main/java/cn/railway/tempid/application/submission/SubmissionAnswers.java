package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.guest.ApplicantTokens;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.journey.PreChecks;
import cn.railway.tempid.application.query.ApplicationView;
import cn.railway.tempid.application.query.ApplicationViews;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a submission answers, read from its stored application: accepted (a guest gets an applicant
 * token) or refused with its code and details; remembered for its {@code Idempotency-Key}, and
 * rebuilt for a retry with the same key.
 */
@Component
class SubmissionAnswers {
  private final ApplicationRepository applications;
  private final IdempotencyKeys idempotency;
  private final ApplicationViews views;
  private final ApplicantTokens applicantTokens;
  private final PreChecks preChecks;
  private final Clock clock;
  private final TransactionTemplate transaction;

  SubmissionAnswers(
      ApplicationRepository applications,
      IdempotencyKeys idempotency,
      ApplicationViews views,
      ApplicantTokens applicantTokens,
      PreChecks preChecks,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.applications = applications;
    this.idempotency = idempotency;
    this.views = views;
    this.applicantTokens = applicantTokens;
    this.preChecks = preChecks;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * The answer to an application whose journey started (in the submitting transaction): refused by
   * a pre-check, or accepted; remembered for the key, if any.
   */
  Submitted started(String id, Caller.Passenger passenger, IdempotencyKeys.Key key, Instant now) {
    ApplicationRecord stored = applications.get(id);
    ApplicationView view = views.view(stored);
    if (stored.status() == ApplicationStatus.REJECTED) {
      ProblemCode code = ProblemCode.fromReason(stored.reasonCode());
      ProblemCode refusal = code == null ? ProblemCode.VALIDATION_FAILED : code;
      if (key != null) {
        idempotency.remember(key, id, refusal, now);
      }
      return new Submitted(view, false, refusal, refusalDetails(stored, code));
    }
    if (key != null) {
      idempotency.remember(key, id, null, now);
    }
    if (passenger == null) {
      view = view.withApplicantToken(applicantTokens.issue(id, now));
    }
    return new Submitted(view, true, null, Map.of());
  }

  /** The answer to a refusal made before processing (in the transaction that recorded it). */
  Submitted refusedUnprocessed(String id, ProblemCode code) {
    return new Submitted(
        views.view(applications.get(id)), false, code, Map.of("applicationId", id));
  }

  /**
   * The answer of the first request with this key, rebuilt from its application as it is now:
   * accepted (a guest gets a new applicant token) or refused with the same code and details.
   */
  Optional<Submitted> replay(Caller caller, IdempotencyKeys.Key key) {
    return transaction.execute(
        tx ->
            idempotency
                .firstAnswer(key, clock.instant())
                .map(
                    first -> {
                      ApplicationRecord stored = applications.get(first.applicationId());
                      ApplicationView view = views.view(stored);
                      if (first.refusal() != null) {
                        return new Submitted(
                            view, false, first.refusal(), refusalDetails(stored, first.refusal()));
                      }
                      if (!(caller instanceof Caller.Passenger)) {
                        view =
                            view.withApplicantToken(
                                applicantTokens.issue(stored.id(), clock.instant()));
                      }
                      return new Submitted(view, true, null, Map.of());
                    }));
  }

  private Map<String, Object> refusalDetails(ApplicationRecord a, ProblemCode code) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("applicationId", a.id());
    details.putAll(preChecks.refusalDetails(a.personKey(), code));
    return details;
  }
}
