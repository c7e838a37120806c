package cn.railway.tempid.audit;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audit trail of who was shown which case's personal data (PIPL accountability): reviewers
 * opening a case, checkpoints verifying a certificate, owners reading their certificate. Entries
 * name the actor and the subject by id and say what was shown, never the personal values. Written
 * in the caller's transaction when there is one.
 */
@Service
public class PersonalDataAccessLog {
  public enum ActorType {
    OPERATOR,
    REVIEWER,
    CHECKPOINT,
    PASSENGER
  }

  public enum SubjectType {
    APPLICATION,
    CERTIFICATE
  }

  /** What was shown: masked name and ID number, or the full ID number too (real-name checks). */
  public enum Shown {
    MASKED,
    FULL_ID_NUMBER
  }

  public enum Purpose {
    REVIEW,
    VERIFICATION,
    OWNER_VIEW
  }

  public record Entry(
      Instant at,
      ActorType actorType,
      String actorId,
      SubjectType subjectType,
      String subjectId,
      Shown shown,
      Purpose purpose) {}

  static final String GUEST = "guest";

  private final JdbcClient jdbc;
  private final Clock clock;

  PersonalDataAccessLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void record(
      ActorType actorType,
      String actorId,
      SubjectType subjectType,
      String subjectId,
      Shown shown,
      Purpose purpose) {
    jdbc.sql(
            """
        insert into personal_data_access (id, accessed_at, actor_type, actor_id, subject_type,
          subject_id, shown, purpose)
        values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            Ids.newId(),
            Timestamp.from(clock.instant()),
            actorType.name(),
            actorId,
            subjectType.name(),
            subjectId,
            shown.name(),
            purpose.name())
        .update();
  }

  /** Records an access by a resolved caller (an operator is recorded as OPERATOR). */
  public void record(
      Caller caller, SubjectType subjectType, String subjectId, Shown shown, Purpose purpose) {
    ActorType type;
    String id;
    if (caller instanceof Caller.Passenger p) {
      type = ActorType.PASSENGER;
      id = p.accountId();
    } else if (caller instanceof Caller.Guest) {
      type = ActorType.PASSENGER;
      id = GUEST;
    } else if (caller instanceof Caller.Checkpoint c) {
      type = ActorType.CHECKPOINT;
      id = c.keyId();
    } else if (caller instanceof Caller.Operator o) {
      type = ActorType.OPERATOR;
      id = o.userId();
    } else {
      throw new IllegalArgumentException("no caller");
    }
    record(type, id, subjectType, subjectId, shown, purpose);
  }

  /** Entries about one application or certificate, oldest first. */
  public List<Entry> forSubject(String subjectId) {
    return jdbc.sql(
            """
        select * from personal_data_access where subject_id = ?
        order by accessed_at, id""")
        .param(subjectId)
        .query(
            (rs, row) ->
                new Entry(
                    rs.getTimestamp("accessed_at").toInstant(),
                    ActorType.valueOf(rs.getString("actor_type")),
                    rs.getString("actor_id"),
                    SubjectType.valueOf(rs.getString("subject_type")),
                    rs.getString("subject_id"),
                    Shown.valueOf(rs.getString("shown")),
                    Purpose.valueOf(rs.getString("purpose"))))
        .list();
  }
}
