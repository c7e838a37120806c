package cn.railway.tempid.audit;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.MultiRowInsert;
import cn.railway.tempid.shared.persistence.RowWriter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
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

  private static final MultiRowInsert INSERT =
      new MultiRowInsert(
          "personal_data_access",
          List.of(
              "id",
              "accessed_at",
              "actor_type",
              "actor_id",
              "subject_type",
              "subject_id",
              "shown",
              "purpose"),
          "");

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final Clock clock;

  PersonalDataAccessLog(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.clock = clock;
  }

  public void record(
      ActorType actorType,
      String actorId,
      SubjectType subjectType,
      String subjectId,
      Shown shown,
      Purpose purpose) {
    recordAll(
        List.of(
            new Entry(
                clock.instant(), actorType, actorId, subjectType, subjectId, shown, purpose)));
  }

  /** Records an access by a resolved caller (an operator is recorded as OPERATOR). */
  public void record(
      Caller caller, SubjectType subjectType, String subjectId, Shown shown, Purpose purpose) {
    recordAll(List.of(entry(caller, subjectType, subjectId, shown, purpose, clock.instant())));
  }

  /** The entry for an access by a resolved caller at {@code at}, to record later with others. */
  public static Entry entry(
      Caller caller,
      SubjectType subjectType,
      String subjectId,
      Shown shown,
      Purpose purpose,
      Instant at) {
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
    return new Entry(at, type, id, subjectType, subjectId, shown, purpose);
  }

  /** Records several entries in one insert statement (in the caller's transaction, if any). */
  public void recordAll(List<Entry> entries) {
    recordAll(entries, RowWriter.now(batch));
  }

  /** Hands the insert of several entries to {@code writer} (with other features' rows). */
  public void recordAll(List<Entry> entries, RowWriter writer) {
    if (entries.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rows.add(
          new Object[] {
            Ids.newId(),
            Timestamp.from(e.at()),
            e.actorType().name(),
            e.actorId(),
            e.subjectType().name(),
            e.subjectId(),
            e.shown().name(),
            e.purpose().name()
          });
    }
    writer.insert(INSERT, rows);
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
