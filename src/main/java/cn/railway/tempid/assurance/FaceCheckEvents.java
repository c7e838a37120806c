package cn.railway.tempid.assurance;

import cn.railway.tempid.shared.observability.AfterCommit;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Rows;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failed face checks as security events (issue 7). Every face check the identity-assurance table
 * did not PASS is recorded ({@code face_check_event}: ids and codes, never a score), logged, and
 * counted in {@code tempid.face_checks.failed{purpose, outcome, reason}}. They are counted per
 * person key, whether or not that person has a certificate, so the lock itself reveals nothing:
 * {@code max-failures} failures within {@code window} lock the person's face checks for {@code
 * lock-duration} ({@code 429 FACE_CHECKS_LOCKED} with {@code Retry-After}). The events in the
 * shared database are the only state, so every node sees the same lock; the one clock decides.
 * Operators list the events and may lift a lock.
 */
@Service
@EnableConfigurationProperties(FaceCheckProperties.class)
public class FaceCheckEvents {
  private static final Logger log = LoggerFactory.getLogger(FaceCheckEvents.class);
  private static final String PERSON_REF_DOMAIN = "face-check-person";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final MeterRegistry meters;
  private final PersonKeys pseudonyms;
  private final FaceCheckProperties properties;

  FaceCheckEvents(
      JdbcClient jdbc,
      Clock clock,
      MeterRegistry meters,
      PersonKeys pseudonyms,
      FaceCheckProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.meters = meters;
    this.pseudonyms = pseudonyms;
    this.properties = properties;
  }

  /** A face check that did not pass: which session, for what, whose, and the table's answer. */
  public record FailedCheck(
      String livenessSessionId,
      IdentityAssurance.Purpose purpose,
      String applicationId,
      String certificateId,
      String personKey,
      IdentityAssurance.Assessment assessment) {
    public FailedCheck {
      Objects.requireNonNull(livenessSessionId, "livenessSessionId");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(personKey, "personKey");
      if (assessment.passed()) {
        throw new IllegalArgumentException("a passed face check is not a failure");
      }
    }
  }

  /**
   * Records a failed face check in the current transaction; the metric and the log follow once it
   * commits (a retried job counts once).
   */
  @Transactional
  public void recordFailure(FailedCheck failed) {
    Instant now = clock.instant();
    boolean lockedBefore = lockedUntil(failed.personKey(), now).isPresent();
    String id = Ids.newId();
    jdbc.sql(
            """
        insert into face_check_event (id, liveness_session_id, purpose, application_id,
          certificate_id, person_key, outcome, reason_code, occurred_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            failed.livenessSessionId(),
            failed.purpose().name(),
            failed.applicationId(),
            failed.certificateId(),
            failed.personKey(),
            failed.assessment().outcome().name(),
            failed.assessment().reasonCode(),
            Timestamp.from(now))
        .update();
    Optional<Instant> lockedUntil = lockedUntil(failed.personKey(), now);
    String purpose = failed.purpose().name();
    String outcome = failed.assessment().outcome().name();
    String reason = failed.assessment().reasonCode();
    AfterCommit.run(
        () -> {
          failedCounter(purpose, outcome, reason).increment();
          log.info(
              "Face check failed: event={} livenessSession={} purpose={} outcome={} reason={}",
              id,
              failed.livenessSessionId(),
              purpose,
              outcome,
              reason);
          if (!lockedBefore && lockedUntil.isPresent()) {
            Counter.builder("tempid.face_checks.locks")
                .description("Persons whose face checks were locked after repeated failures")
                .register(meters)
                .increment();
            log.warn(
                "Face checks locked after repeated failures: event={} until={}",
                id,
                lockedUntil.get());
          }
        });
  }

  /**
   * 429 {@code FACE_CHECKS_LOCKED} with the time left while this person's face checks are locked.
   */
  public void requireUnlocked(String personKey) {
    lockedFor(personKey)
        .ifPresent(
            left -> {
              long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
              throw new ApiException(
                  ProblemCode.FACE_CHECKS_LOCKED,
                  ProblemCode.FACE_CHECKS_LOCKED.messageEn(),
                  Map.of(ApiException.RETRY_AFTER_SECONDS, seconds));
            });
  }

  /** How long this person's face checks stay locked; empty when they are not. */
  public Optional<Duration> lockedFor(String personKey) {
    Instant now = clock.instant();
    return lockedUntil(personKey, now).map(until -> Duration.between(now, until));
  }

  /**
   * The end of the latest lock still running: a lock starts at the failure that completes {@code
   * max-failures} failures within {@code window} and lasts {@code lock-duration}. Lifted failures
   * do not count.
   */
  Optional<Instant> lockedUntil(String personKey, Instant now) {
    if (personKey == null) {
      return Optional.empty();
    }
    int max = properties.maxFailures();
    Duration window = properties.window();
    Duration lock = properties.lockDuration();
    List<Instant> failures =
        jdbc.sql(
                """
            select occurred_at from face_check_event
            where person_key = ? and lifted_at is null and occurred_at > ?
            order by occurred_at""")
            .params(personKey, Timestamp.from(now.minus(window).minus(lock)))
            .query((rs, row) -> Rows.instant(rs, "occurred_at"))
            .list();
    Instant until = null;
    for (int last = max - 1; last < failures.size(); last++) {
      Instant first = failures.get(last - max + 1);
      if (Duration.between(first, failures.get(last)).compareTo(window) < 0) {
        Instant end = failures.get(last).plus(lock);
        until = until == null || end.isAfter(until) ? end : until;
      }
    }
    return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
  }

  /** One event as operators see it: ids, codes and times; the person only as a pseudonym. */
  public record EventView(
      String eventId,
      Instant occurredAt,
      String purpose,
      String outcome,
      String reasonCode,
      String livenessSessionId,
      String applicationId,
      String certificateId,
      String personRef,
      Instant faceChecksLockedUntil,
      Instant liftedAt,
      String liftedBy) {}

  /** The newest events first, since {@code since}, at most {@code limit}. */
  public List<EventView> recent(Instant since, int limit) {
    Instant now = clock.instant();
    Map<String, Optional<Instant>> locks = new HashMap<>();
    return jdbc.sql(
            """
        select * from face_check_event where occurred_at >= ?
        order by occurred_at desc, id fetch first %d rows only"""
                .formatted(limit))
        .param(Timestamp.from(since))
        .query(
            (rs, row) -> {
              String personKey = rs.getString("person_key");
              Instant lockedUntil =
                  personKey == null
                      ? null
                      : locks.computeIfAbsent(personKey, k -> lockedUntil(k, now)).orElse(null);
              return new EventView(
                  rs.getString("id"),
                  Rows.instant(rs, "occurred_at"),
                  rs.getString("purpose"),
                  rs.getString("outcome"),
                  rs.getString("reason_code"),
                  rs.getString("liveness_session_id"),
                  rs.getString("application_id"),
                  rs.getString("certificate_id"),
                  personKey == null ? null : personRef(personKey),
                  lockedUntil,
                  Rows.instant(rs, "lifted_at"),
                  rs.getString("lifted_by"));
            })
        .list();
  }

  /**
   * An operator lifts the lock of the person of one event: every failure of that person counted so
   * far stops counting. Empty when the event is unknown or its person was purged.
   */
  @Transactional
  public Optional<Instant> liftLock(String eventId, String operatorId) {
    Instant now = clock.instant();
    Optional<String> personKey =
        jdbc.sql("select person_key from face_check_event where id = ?")
            .param(eventId)
            .query(String.class)
            .optional();
    if (personKey.isEmpty()) {
      return Optional.empty();
    }
    jdbc.sql(
            """
        update face_check_event set lifted_at = ?, lifted_by = ?
        where person_key = ? and lifted_at is null and occurred_at <= ?""")
        .params(Timestamp.from(now), operatorId, personKey.get(), Timestamp.from(now))
        .update();
    AfterCommit.run(
        () ->
            log.info(
                "Face check lock lifted by an operator: event={} operator={}",
                eventId,
                operatorId));
    return Optional.of(now);
  }

  /** A keyed pseudonym that groups the events of one person without revealing the person key. */
  private String personRef(String personKey) {
    return pseudonyms.pseudonym(PERSON_REF_DOMAIN, personKey).substring(0, 12);
  }

  private Counter failedCounter(String purpose, String outcome, String reason) {
    return Counter.builder("tempid.face_checks.failed")
        .description("Face checks the identity-assurance table did not pass, by purpose and reason")
        .tag("purpose", purpose)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(meters);
  }
}
