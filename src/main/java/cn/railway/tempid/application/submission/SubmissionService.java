package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.identity.Identities;
import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.journey.PreChecks;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submitting applications, in the order of ADR 0004: idempotency, consents, the identity
 * (validated, or the account's), the person's lock and limits ({@link PersonGate}), then the
 * application stored and its journey started with its pre-checks ({@link ApplicationIntake}, {@link
 * PreChecks}) and the answer ({@link SubmissionAnswers}).
 */
@Service
public class SubmissionService {
  /** The request header of an idempotent submission (API.md "Failures and retries"). */
  public static final String IDEMPOTENCY_KEY_HEADER = IdempotencyKeys.HEADER;

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  private final IdempotencyKeys idempotency;
  private final Identities identities;
  private final PersonGate gate;
  private final PreChecks preChecks;
  private final ApplicationIntake intake;
  private final SubmissionAnswers answers;
  private final Clock clock;
  private final TransactionTemplate transaction;

  SubmissionService(
      IdempotencyKeys idempotency,
      Identities identities,
      PersonGate gate,
      PreChecks preChecks,
      ApplicationIntake intake,
      SubmissionAnswers answers,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.idempotency = idempotency;
    this.identities = identities;
    this.gate = gate;
    this.preChecks = preChecks;
    this.intake = intake;
    this.answers = answers;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * Submits an application. The body is validated first ({@code 400}, nothing stored). A missing
   * consent or, for a logged-in passenger, someone else's identity is refused before the identity
   * or location is processed: recorded as a REJECTED application that holds nothing about the
   * person. Otherwise, under the person's lock, the journey starts and runs its pre-checks and the
   * first liveness session in this transaction, so at most one application per person is in flight
   * and the monthly quota holds under concurrent requests.
   */
  public Submitted submit(Caller caller, SubmitCommand command) {
    return submit(caller, command, null);
  }

  /**
   * Submits an application with an optional {@code Idempotency-Key} (API.md "Failures and
   * retries"): a retry with the same key and content within the key's lifetime answers as the first
   * request did (same application, refused or not; a guest gets a fresh applicant token, as the
   * first one is stored hashed) instead of {@code 409}; the same key with other content is {@code
   * 422 IDEMPOTENCY_KEY_REUSED}.
   */
  public Submitted submit(Caller caller, SubmitCommand command, String idempotencyKey) {
    IdempotencyKeys.Key key = idempotency.of(caller, idempotencyKey, canonical(command));
    Caller.Passenger passenger = caller instanceof Caller.Passenger p ? p : null;
    Optional<Identity> claimed =
        passenger == null
            ? Optional.of(identities.ofGuest(command.name(), command.idType(), command.idNumber()))
            : identities.ofAccount(passenger, command.name(), command.idType(), command.idNumber());
    if (key != null) {
      Optional<Submitted> replayed = answers.replay(caller, key);
      if (replayed.isPresent()) {
        // a replay counts like a submission: a guest's replay hands out a working token, and
        // unlimited replays would make the key a way around the person's submission limit
        gate.count(claimed.map(Identity::personKey).orElseGet(() -> passenger.personKey()));
        return replayed.get();
      }
    }
    try {
      return submitOnce(passenger, command, claimed, key);
    } catch (DuplicateKeyException sameKeyAtOnce) {
      // another request with this key committed first: answer as it did
      return (key == null ? Optional.<Submitted>empty() : answers.replay(caller, key))
          .orElseThrow(() -> sameKeyAtOnce);
    }
  }

  private Submitted submitOnce(
      Caller.Passenger passenger,
      SubmitCommand command,
      Optional<Identity> claimed,
      IdempotencyKeys.Key key) {
    Optional<Identity> guardian =
        command.guardian() == null
            ? Optional.empty()
            : Optional.of(
                identities.ofGuardian(
                    command.guardian().name(),
                    command.guardian().idType(),
                    command.guardian().idNumber()));
    if (!command.consentIdentity() || !command.consentBiometric() || !command.consentLocation()) {
      return refuseUnprocessed(passenger, command, ProblemCode.CONSENT_REQUIRED, key);
    }
    if (claimed.isEmpty()) {
      return refuseUnprocessed(passenger, command, ProblemCode.IDENTITY_MISMATCH, key);
    }
    Identity identity = claimed.get();
    ApplicationRecord.Location location =
        preChecks.locate(command.latitude(), command.longitude(), command.accuracyMeters());
    Instant now = clock.instant();
    gate.prepare(identity.personKey());

    // the person's count commits with the submission, in one transaction; a 409 (another
    // application in flight) is answered after that commit, so it counts like any other attempt
    AtomicReference<ApiException> inFlight = new AtomicReference<>();
    Submitted submitted =
        transaction.execute(
            tx -> {
              gate.lock(identity.personKey());
              if (key != null) {
                // a retry that waited for the person's lock while its first request committed
                Optional<Submitted> replayed = answers.replay(passenger, key);
                if (replayed.isPresent()) {
                  return replayed.get();
                }
              }
              // 429 before anything is stored: the refusal rolls this transaction back
              if (!gate.admits(identity, guardian)) {
                inFlight.set(new ApiException(ProblemCode.APPLICATION_IN_PROGRESS));
                return null;
              }
              String id = intake.start(passenger, command, identity, guardian, location, now);
              return answers.started(id, passenger, key, now);
            });
    if (inFlight.get() != null) {
      throw inFlight.get();
    }
    return submitted;
  }

  /** The submitted content in one form (fields by name), for the idempotency key's body hash. */
  private static String canonical(SubmitCommand command) {
    try {
      return CANONICAL.writeValueAsString(command);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a submission always serialises", e);
    }
  }

  /**
   * A refusal made before the submitted identity or location is processed, recorded in its own
   * transaction ({@link ApplicationIntake#refuseUnprocessed}); a logged-in passenger's counts
   * against their submission limit.
   */
  private Submitted refuseUnprocessed(
      Caller.Passenger passenger,
      SubmitCommand command,
      ProblemCode code,
      IdempotencyKeys.Key key) {
    if (passenger != null) {
      gate.count(passenger.personKey());
    }
    return transaction.execute(
        tx -> {
          Instant now = clock.instant();
          String id = intake.refuseUnprocessed(passenger, command, code, key, now);
          return answers.refusedUnprocessed(id, code);
        });
  }
}
