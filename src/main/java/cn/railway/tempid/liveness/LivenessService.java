package cn.railway.tempid.liveness;

import cn.railway.tempid.shared.persistence.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Liveness sessions (R6): starting them, taking the provider's callback, fetching verdicts. Every
 * verdict goes through the identity-assurance table: a session is PASSED only when the live face is
 * the person's; any other answer is a failed face check, recorded as a security event ({@link
 * LivenessVerdicts}).
 */
@Service
@EnableConfigurationProperties(LivenessProperties.class)
public class LivenessService {
  private final JdbcClient jdbc;
  private final LivenessProviders providers;
  private final LivenessVerdicts verdicts;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration sessionTtl;

  LivenessService(
      JdbcClient jdbc,
      LivenessProviders providers,
      LivenessVerdicts verdicts,
      Clock clock,
      ApplicationEventPublisher events,
      LivenessProperties settings) {
    this.jdbc = jdbc;
    this.providers = providers;
    this.verdicts = verdicts;
    this.clock = clock;
    this.events = events;
    this.sessionTtl = settings.sessionTtl();
  }

  /**
   * Opens a session for {@code subject} (whose face must be captured; handed to the provider only,
   * never stored) with the first provider of the order that accepts calls, and records it as
   * PENDING for {@code session-ttl}, with that provider's name.
   *
   * @throws LivenessProvider.ProviderUnavailableException the provider is down: nothing is stored
   */
  @Transactional
  public LivenessSession start(
      LivenessSession.Purpose purpose,
      String applicationId,
      String certificateId,
      String personKey,
      int attempt,
      LivenessProvider.Subject subject) {
    LivenessProvider provider = providers.forNewSession();
    String id = provider.startSession(subject);
    Instant now = clock.instant();
    jdbc.sql(
            """
        insert into liveness_session (id, purpose, application_id, certificate_id, person_key,
          attempt, status, created_at, expires_at, provider)
        values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)""")
        .params(
            id,
            purpose.name(),
            applicationId,
            certificateId,
            personKey,
            attempt,
            Timestamp.from(now),
            Timestamp.from(now.plus(sessionTtl)),
            provider.name())
        .update();
    return find(id).orElseThrow();
  }

  public Optional<LivenessSession> find(String sessionId) {
    return jdbc.sql("select * from liveness_session where id = ?")
        .param(sessionId)
        .query(LivenessService::map)
        .optional();
  }

  /** The newest session of an application (its current attempt). */
  public Optional<LivenessSession> latestForApplication(String applicationId) {
    return latestForApplication(applicationId, LivenessSession.Purpose.APPLICATION);
  }

  /**
   * The newest session of each purpose of an application, in one read (the application's view shows
   * the applicant's and the guardian's; {@code latestForApplication} picks one purpose from it).
   */
  public Map<LivenessSession.Purpose, LivenessSession> latestByPurpose(String applicationId) {
    Map<LivenessSession.Purpose, LivenessSession> latest =
        new EnumMap<>(LivenessSession.Purpose.class);
    for (LivenessSession s :
        jdbc.sql("select * from liveness_session where application_id = ?")
            .param(applicationId)
            .query(LivenessService::map)
            .list()) {
      latest.merge(s.purpose(), s, (a, b) -> newer(a, b) ? a : b);
    }
    return latest;
  }

  /** The applicant's attempts count up; other purposes are ordered by when they were opened. */
  private static boolean newer(LivenessSession a, LivenessSession b) {
    if (a.purpose() == LivenessSession.Purpose.APPLICATION) {
      return a.attempt() > b.attempt();
    }
    int byTime = a.createdAt().compareTo(b.createdAt());
    return byTime != 0 ? byTime > 0 : a.attempt() > b.attempt();
  }

  /** The newest session of an application for another purpose (e.g. the guardian's check). */
  public Optional<LivenessSession> latestForApplication(
      String applicationId, LivenessSession.Purpose purpose) {
    return Optional.ofNullable(latestByPurpose(applicationId).get(purpose));
  }

  /**
   * The provider reports that a capture finished. Only triggers the fetch of the verdict by the
   * session's owner; unknown or already finished sessions are ignored (callbacks may repeat).
   */
  @Transactional
  public void captureCompleted(String sessionId) {
    find(sessionId)
        .filter(s -> s.statusAt(clock.instant()) == LivenessSession.Status.PENDING)
        .ifPresent(
            s -> {
              if (s.purpose() != LivenessSession.Purpose.APPLICATION) {
                // re-verification and lookup have no journey of their own: fetch the verdict now
                verdicts.fetch(s.id());
              }
              events.publishEvent(
                  new LivenessCaptureCompleted(s.id(), s.purpose(), s.applicationId()));
            });
  }

  /**
   * Uses a PASSED liveness session of this person, finished within {@code freshness}, once
   * (R11–R13: viewing again needs a new face verification). False when it does not qualify.
   */
  @Transactional
  public boolean usePassed(String sessionId, String personKey, Duration freshness) {
    Instant now = clock.instant();
    return jdbc.sql(
                """
        update liveness_session set used_at = ?
        where id = ? and person_key = ? and status = 'PASSED' and assurance = 'PASS'
          and used_at is null and completed_at >= ?""")
            .params(Timestamp.from(now), sessionId, personKey, Timestamp.from(now.minus(freshness)))
            .update()
        == 1;
  }

  /**
   * A lookup session reveals its certificate once: true for the first caller only, so one passed
   * face check yields one applicant token.
   */
  @Transactional
  public boolean revealOnce(String sessionId, String certificateId) {
    return jdbc.sql(
                """
        update liveness_session set certificate_id = null
        where id = ? and purpose = 'LOOKUP' and certificate_id = ?""")
            .params(sessionId, certificateId)
            .update()
        == 1;
  }

  /** Records, for a lookup session, which certificate a passed check may reveal (or none). */
  @Transactional
  public void attachCertificate(String sessionId, String certificateId) {
    jdbc.sql("update liveness_session set certificate_id = ? where id = ?")
        .params(certificateId, sessionId)
        .update();
  }

  /**
   * Fetches the provider's verdict and lets the identity-assurance table decide whether this live
   * face is the person's ({@link LivenessVerdicts#fetch}).
   */
  @Transactional
  public LivenessSession fetchVerdict(String sessionId) {
    return verdicts.fetch(sessionId);
  }

  /** Marks an unfinished session EXPIRED (its application was abandoned). */
  @Transactional
  public void expirePending(String applicationId) {
    jdbc.sql(
            """
        update liveness_session set status = 'EXPIRED', completed_at = ?
        where application_id = ? and status = 'PENDING'""")
        .params(Timestamp.from(clock.instant()), applicationId)
        .update();
  }

  static LivenessSession map(ResultSet rs, int row) throws SQLException {
    return new LivenessSession(
        rs.getString("id"),
        LivenessSession.Purpose.valueOf(rs.getString("purpose")),
        rs.getString("application_id"),
        rs.getString("certificate_id"),
        rs.getString("person_key"),
        rs.getInt("attempt"),
        LivenessSession.Status.valueOf(rs.getString("status")),
        rs.getBigDecimal("liveness_score"),
        rs.getBigDecimal("face_match_score"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "completed_at"),
        Rows.instant(rs, "used_at"),
        rs.getString("provider"));
  }
}
