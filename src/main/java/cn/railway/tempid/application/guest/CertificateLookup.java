package cn.railway.tempid.application.guest;

import cn.railway.tempid.application.identity.Identities;
import cn.railway.tempid.application.identity.Identity;
import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A guest who lost the page finds their certificate again (R12, R16): enter the identity, pass a
 * liveness check, get the certificate and a new applicant token.
 */
@Service
public class CertificateLookup {
  private final LookupCertificates found;
  private final ApplicantTokens tokens;
  private final Identities identities;
  private final LivenessService liveness;
  private final AbuseLimits limits;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;
  private final TransactionTemplate transaction;

  CertificateLookup(
      LookupCertificates found,
      ApplicantTokens tokens,
      Identities identities,
      LivenessService liveness,
      AbuseLimits limits,
      FaceCheckEvents faceChecks,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.found = found;
    this.tokens = tokens;
    this.identities = identities;
    this.liveness = liveness;
    this.limits = limits;
    this.faceChecks = faceChecks;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public record LookupStarted(String livenessSessionId, Instant expiresAt) {}

  public record LookupResult(String certificateId, String applicantToken) {}

  /**
   * Starts a lookup: a liveness session for the person named. The answer is the same whether or not
   * a certificate exists.
   */
  public LookupStarted lookup(String name, String idType, String idNumber) {
    Identity identity = identities.ofGuest(name, idType, idNumber);
    // counted before looking for a certificate: the limit never tells whether one exists
    limits.lookup(identity.personKey());
    // failed face checks are counted per person too, certificate or not: the lock reveals nothing
    faceChecks.requireUnlocked(identity.personKey());
    return transaction.execute(
        tx -> {
          LivenessSession session =
              liveness.start(
                  LivenessSession.Purpose.LOOKUP,
                  null,
                  null,
                  identity.personKey(),
                  1,
                  new LivenessProvider.Subject(identity.idNumber(), identity.name()));
          found
              .activeNamed(identity)
              .ifPresent(c -> liveness.attachCertificate(session.id(), c.id()));
          return new LookupStarted(session.id(), session.expiresAt());
        });
  }

  /**
   * After the lookup's liveness check passed: the certificate and a new applicant token. While the
   * person's face checks are locked, {@code 429 FACE_CHECKS_LOCKED}, also for a check that passed
   * before the lock; as the lock counts per person whether or not a certificate exists, the 429
   * reveals no more than the lookup's own answer did.
   */
  public Optional<LookupResult> lookupResult(String livenessSessionId) {
    Instant now = clock.instant();
    return transaction.execute(
        tx -> {
          Optional<LivenessSession> lookup =
              liveness
                  .find(livenessSessionId)
                  .filter(s -> s.purpose() == LivenessSession.Purpose.LOOKUP);
          lookup.ifPresent(s -> faceChecks.requireUnlocked(s.personKey()));
          return lookup
              .filter(s -> s.status() == LivenessSession.Status.PASSED && s.certificateId() != null)
              .flatMap(s -> found.revealable(s, now))
              .filter(c -> liveness.revealOnce(livenessSessionId, c.id()))
              .map(c -> new LookupResult(c.id(), tokens.issue(c.applicationId(), now)));
        });
  }
}
