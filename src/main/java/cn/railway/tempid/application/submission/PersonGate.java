package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.internal.PersonLock;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What lets one person's submission through (ADR 0004): the person's lock (submits of one person
 * serialise, on any node), the submission limit ({@code 429 RATE_LIMITED}), the face-check lock
 * ({@code 429 FACE_CHECKS_LOCKED}) and one application in flight at a time.
 */
@Component
class PersonGate {
  private final PersonLock personLock;
  private final AbuseLimits limits;
  private final FaceCheckEvents faceChecks;
  private final ApplicationRepository applications;

  PersonGate(
      PersonLock personLock,
      AbuseLimits limits,
      FaceCheckEvents faceChecks,
      ApplicationRepository applications) {
    this.personLock = personLock;
    this.limits = limits;
    this.faceChecks = faceChecks;
    this.applications = applications;
  }

  /** Counts a submission of the person outside a transaction of the caller (429 past the limit). */
  void count(String personKey) {
    limits.submission(personKey);
  }

  /** Creates the person's lock row if absent, before the submitting transaction. */
  void prepare(String personKey) {
    personLock.prepare(personKey);
  }

  /** Takes the person's lock in the submitting transaction. */
  void lock(String personKey) {
    personLock.lock(personKey);
  }

  /**
   * Under the person's lock, before anything is stored: {@code 429} while the face checks of the
   * applicant or of the guardian named are locked (a new application would start a face check of a
   * locked person; counted per person whether or not a certificate exists, so the answer reveals
   * nothing about one) or past the submission limit (counted in this transaction); then false when
   * the person already has an application in flight.
   */
  boolean admits(Identity identity, Optional<Identity> guardian) {
    faceChecks.requireUnlocked(identity.personKey());
    guardian.ifPresent(g -> faceChecks.requireUnlocked(g.personKey()));
    limits.submissionInCallerTransaction(identity.personKey());
    return !applications.hasInFlight(identity.personKey());
  }
}
