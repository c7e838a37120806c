package cn.railway.tempid.verification;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.shared.persistence.Databases;
import cn.railway.tempid.shared.persistence.GatheredInserts;
import cn.railway.tempid.shared.persistence.GroupCommit;
import cn.railway.tempid.shared.persistence.MultiRowInsert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a verification leaves behind, written by one group-commit writer ({@link GroupCommit}): the
 * sighting of the frame, the access-audit entry when something personal was shown, and the holder's
 * check-log entry (with its impossible-travel alert, or the ticket-match probing alert the
 * verification raised). The rows of one verification commit together, with those of the other
 * verifications waiting at that moment, and the checkpoint gets its answer only after that commit:
 * an answered verification always has its rows, and many checkpoints share one commit instead of
 * paying one each. On PostgreSQL a batch is one statement ({@link GatheredInserts}): the check
 * log's read, then every table's rows with the query the answers need, two round trips a batch.
 *
 * <p>Bounded ({@code tempid.verification.records.*}): when the database cannot keep up, a
 * verification is answered {@code 503 SERVICE_UNAVAILABLE} with {@code Retry-After} (the gate tries
 * again or falls back to its offline check) rather than queueing without end.
 */
@Component
@EnableConfigurationProperties(VerificationProperties.class)
class VerificationRecords implements DisposableBean {

  /** A checkpoint saw a frame: the checkpoint is the hash of its key id and device id. */
  record Sighting(
      String frameHash,
      String checkpoint,
      String certificateId,
      Instant seenAt,
      String checkpointType,
      String station) {}

  /** The rows of one verification; each part may be absent. */
  record Item(
      Sighting sighting,
      PersonalDataAccessLog.Entry access,
      CheckLog.Entry check,
      CheckLog.Raised alert) {}

  private static final List<String> SIGHTING_COLUMNS =
      List.of(
          "frame_hash", "checkpoint_id", "certificate_id", "seen_at", "checkpoint_type", "station");
  private static final MultiRowInsert SIGHTINGS =
      new MultiRowInsert("frame_sighting", SIGHTING_COLUMNS, "on conflict do nothing");
  // H2 (development and tests) has no "on conflict": one row at a time, a duplicate skipped
  private static final MultiRowInsert SIGHTING =
      new MultiRowInsert("frame_sighting", SIGHTING_COLUMNS, "");

  /**
   * When another checkpoint first saw each frame, from the start of the index by frame and time: a
   * frame seen at many checkpoints costs one row per verification; followed by the batch's values
   * ({@link #values}).
   */
  static final String FIRST_ELSEWHERE =
      "select v.frame_hash, v.checkpoint_id,"
          + " (select f.seen_at from frame_sighting f"
          + " where f.frame_hash = v.frame_hash and f.checkpoint_id <> v.checkpoint_id"
          + " order by f.seen_at fetch first 1 rows only)"
          + " from (values ";

  /**
   * Batches up to this size go as one statement on PostgreSQL (about 30 values a verification, well
   * under {@link GatheredInserts#MAX_PARAMETERS}); a larger one (after a stall) in a transaction.
   */
  static final int IN_ONE_STATEMENT = 512;

  private final JdbcTemplate batch;
  private final TransactionTemplate transaction;
  private final PersonalDataAccessLog accessLog;
  private final CheckLog checkLog;
  private final boolean postgres;
  private final GroupCommit<Item, Instant> writer;

  VerificationRecords(
      JdbcTemplate batch,
      PlatformTransactionManager transactionManager,
      PersonalDataAccessLog accessLog,
      CheckLog checkLog,
      DataSource dataSource,
      VerificationProperties settings) {
    this.batch = batch;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.accessLog = accessLog;
    this.checkLog = checkLog;
    this.postgres = Databases.isPostgres(dataSource);
    this.writer =
        new GroupCommit<>(
            "verification-records",
            settings.verification().records().capacity(),
            settings.verification().records().maxBatch(),
            settings.verification().records().maxWait(),
            this::writeAll);
  }

  /**
   * Writes the rows of one verification and returns, once they are committed, when another
   * checkpoint first saw the same frame (null if none, or if there is no sighting).
   */
  Instant write(Item item) {
    return writer.write(item);
  }

  /** Writes one batch (the writer thread's work; tests call it with batches of their own). */
  List<Instant> writeAll(List<Item> items) {
    if (postgres && items.size() <= IN_ONE_STATEMENT) {
      return writeInOneStatement(items);
    }
    return transaction.execute(
        tx -> {
          List<Sighting> sightings =
              items.stream().map(Item::sighting).filter(Objects::nonNull).toList();
          insert(sightings);
          accessLog.recordAll(items.stream().map(Item::access).filter(Objects::nonNull).toList());
          checkLog.recordAll(
              items.stream().map(Item::check).filter(Objects::nonNull).toList(),
              items.stream().map(Item::alert).filter(Objects::nonNull).toList());
          return answers(items, firstElsewhere(sightings));
        });
  }

  /**
   * PostgreSQL: the batch's rows of every table in one statement, with the query of when other
   * checkpoints first saw its frames ({@link GatheredInserts}): two round trips a batch (the check
   * log's read, then that statement) instead of one per table, the query and the commit. The
   * statement is atomic, so the rows still commit together; its query cannot see the rows it
   * inserts, so a frame seen at another checkpoint in the same batch is found here instead.
   */
  private List<Instant> writeInOneStatement(List<Item> items) {
    GatheredInserts statement = new GatheredInserts();
    List<Sighting> sightings = items.stream().map(Item::sighting).filter(Objects::nonNull).toList();
    statement.insert(SIGHTINGS, sightings.stream().map(this::row).toList());
    accessLog.recordAll(
        items.stream().map(Item::access).filter(Objects::nonNull).toList(), statement);
    checkLog.recordAll(
        items.stream().map(Item::check).filter(Objects::nonNull).toList(),
        items.stream().map(Item::alert).filter(Objects::nonNull).toList(),
        statement);
    Map<List<String>, Instant> recorded =
        sightings.isEmpty()
            ? statement.query(batch, "select 1", List.of(), rs -> Map.of())
            : statement.query(
                batch,
                FIRST_ELSEWHERE + values(sightings.size()),
                frameAndCheckpoint(sightings),
                this::byFrameAndCheckpoint);
    Map<Sighting, Instant> first = new HashMap<>();
    for (Sighting s : sightings) {
      Instant at = recorded.get(List.of(s.frameHash(), s.checkpoint()));
      for (Sighting other : sightings) {
        if (other.frameHash().equals(s.frameHash())
            && !other.checkpoint().equals(s.checkpoint())
            && (at == null || other.seenAt().isBefore(at))) {
          at = other.seenAt();
        }
      }
      first.put(s, at);
    }
    return answers(items, first);
  }

  private static List<Instant> answers(List<Item> items, Map<Sighting, Instant> first) {
    List<Instant> answers = new ArrayList<>(items.size());
    for (Item item : items) {
      answers.add(item.sighting() == null ? null : first.get(item.sighting()));
    }
    return answers;
  }

  private void insert(List<Sighting> sightings) {
    if (sightings.isEmpty()) {
      return;
    }
    if (postgres) {
      // one statement for the batch; the same checkpoint scanned the same frame again (a gate that
      // retries): nothing new
      SIGHTINGS.insert(batch, sightings.stream().map(this::row).toList());
      return;
    }
    for (Sighting s : sightings) {
      try {
        SIGHTING.insert(batch, List.<Object[]>of(row(s)));
      } catch (DuplicateKeyException seenHereBefore) {
        // H2 (development and tests) has no "on conflict"; it goes on with the transaction
      }
    }
  }

  private Object[] row(Sighting s) {
    return new Object[] {
      s.frameHash(),
      s.checkpoint(),
      s.certificateId(),
      Timestamp.from(s.seenAt()),
      s.checkpointType(),
      s.station()
    };
  }

  /**
   * For each sighting, when another checkpoint first saw its frame (null if none): any sighting of
   * another checkpoint committed so far, including one in the same batch a few milliseconds later
   * (two gates scanning one frame at once is the shared screenshot this answer is there to flag).
   * One statement for the batch, and the database finds each earliest sighting from the start of
   * the index by frame and time: a frame seen at many checkpoints costs one row per verification,
   * neither sent nor read one per earlier sighting.
   */
  private Map<Sighting, Instant> firstElsewhere(List<Sighting> sightings) {
    Map<Sighting, Instant> first = new HashMap<>();
    if (sightings.isEmpty()) {
      return first;
    }
    Map<List<String>, Instant> byFrameAndCheckpoint =
        batch.query(
            FIRST_ELSEWHERE + values(sightings.size()),
            this::byFrameAndCheckpoint,
            frameAndCheckpoint(sightings).toArray());
    sightings.forEach(
        s -> first.put(s, byFrameAndCheckpoint.get(List.of(s.frameHash(), s.checkpoint()))));
    return first;
  }

  static String values(int rows) {
    return "(?, ?)" + ", (?, ?)".repeat(rows - 1) + ") as v (frame_hash, checkpoint_id)";
  }

  private static List<Object> frameAndCheckpoint(List<Sighting> sightings) {
    List<Object> args = new ArrayList<>(sightings.size() * 2);
    for (Sighting s : sightings) {
      args.add(s.frameHash());
      args.add(s.checkpoint());
    }
    return args;
  }

  private Map<List<String>, Instant> byFrameAndCheckpoint(ResultSet rs) throws SQLException {
    Map<List<String>, Instant> found = new HashMap<>();
    while (rs.next()) {
      Timestamp at = rs.getTimestamp(3);
      if (at != null) {
        found.put(List.of(rs.getString(1), rs.getString(2)), at.toInstant());
      }
    }
    return found;
  }

  /** On shutdown: takes no more verifications and commits those already waiting. */
  @Override
  public void destroy() {
    writer.close();
  }
}
