package cn.railway.tempid.verification;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.shared.persistence.Databases;
import cn.railway.tempid.shared.persistence.GroupCommit;
import cn.railway.tempid.shared.persistence.MultiRowInsert;
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
 * paying one each.
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

  private List<Instant> writeAll(List<Item> items) {
    return transaction.execute(
        tx -> {
          List<Sighting> sightings =
              items.stream().map(Item::sighting).filter(Objects::nonNull).toList();
          insert(sightings);
          accessLog.recordAll(items.stream().map(Item::access).filter(Objects::nonNull).toList());
          checkLog.recordAll(
              items.stream().map(Item::check).filter(Objects::nonNull).toList(),
              items.stream().map(Item::alert).filter(Objects::nonNull).toList());
          Map<Sighting, Instant> first = firstElsewhere(sightings);
          List<Instant> answers = new ArrayList<>(items.size());
          for (Item item : items) {
            answers.add(item.sighting() == null ? null : first.get(item.sighting()));
          }
          return answers;
        });
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
    StringBuilder values = new StringBuilder();
    List<Object> args = new ArrayList<>(sightings.size() * 2);
    for (Sighting s : sightings) {
      values.append(values.isEmpty() ? "(?, ?)" : ", (?, ?)");
      args.add(s.frameHash());
      args.add(s.checkpoint());
    }
    Map<List<String>, Instant> byFrameAndCheckpoint = new HashMap<>();
    batch.query(
        "select v.frame_hash, v.checkpoint_id,"
            + " (select f.seen_at from frame_sighting f"
            + " where f.frame_hash = v.frame_hash and f.checkpoint_id <> v.checkpoint_id"
            + " order by f.seen_at fetch first 1 rows only)"
            + " from (values "
            + values
            + ") as v (frame_hash, checkpoint_id)",
        rs -> {
          Timestamp at = rs.getTimestamp(3);
          if (at != null) {
            byFrameAndCheckpoint.put(List.of(rs.getString(1), rs.getString(2)), at.toInstant());
          }
        },
        args.toArray());
    sightings.forEach(
        s -> first.put(s, byFrameAndCheckpoint.get(List.of(s.frameHash(), s.checkpoint()))));
    return first;
  }

  /** On shutdown: takes no more verifications and commits those already waiting. */
  @Override
  public void destroy() {
    writer.close();
  }
}
