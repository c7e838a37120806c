package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.support.PostgresTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The verification writer on PostgreSQL, where a batch's rows of every table go as one statement: a
 * frame seen at another checkpoint in the same batch is still answered (the statement's query
 * cannot see the rows it inserts), and a batch whose rows cannot all be written leaves none.
 */
@PostgresTest
class VerificationRecordsOnPostgresTest {
  @Autowired VerificationRecords records;
  @Autowired JdbcClient jdbc;

  static VerificationRecords.Item seen(String frame, String checkpoint, Instant at) {
    return new VerificationRecords.Item(
        new VerificationRecords.Sighting(
            frame, checkpoint, UUID.randomUUID().toString(), at, "ENTRY_GATE", "BJP"),
        null,
        null,
        null);
  }

  @Test
  void twoCheckpointsInOneBatch_eachLearnsOfTheOther_andALaterOneOfTheEarliest() {
    String frame = "pg-batch-" + UUID.randomUUID();
    Instant t1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant t2 = t1.plusMillis(40);
    assertThat(
            records.writeAll(
                Arrays.asList(
                    seen(frame, "gate-1", t1),
                    seen(frame, "gate-2", t2),
                    seen(frame, "gate-1", t1))))
        .as("a gate's repeat is no sighting elsewhere; the other gate's is")
        .containsExactly(t2, t1, t2);
    assertThat(records.writeAll(Arrays.asList(seen(frame, "gate-3", t2.plusSeconds(5)))))
        .containsExactly(t1);
    assertThat(records.writeAll(Arrays.asList(seen("pg-alone-" + UUID.randomUUID(), "g", t1))))
        .as("a frame seen nowhere else")
        .containsExactly((Instant) null);
    assertThat(
            jdbc.sql("select count(*) from frame_sighting where frame_hash = ?")
                .param(frame)
                .query(Long.class)
                .single())
        .isEqualTo(3);
  }

  @Test
  void aNewFramesFirstSightingElsewhere_readsItsOwnRows_notEveryOlderSighting() {
    // 60,000 older sightings of 32 frames (a busy station's morning, or frames scanned thousands
    // of times): with these statistics the time index looked like a short way to a frame's
    // earliest sighting, and a new frame's, at the end of that order, read every older one
    String older = "pg-older-" + UUID.randomUUID() + "-";
    jdbc.sql(
            """
            insert into frame_sighting
              (frame_hash, checkpoint_id, certificate_id, seen_at, checkpoint_type, station)
            select ? || (i % 32), 'gate-' || i, 'c', now() - interval '1 hour' + i * interval '1 ms',
              'ENTRY_GATE', 'BJP'
            from generate_series(1, 60000) i""")
        .param(older)
        .update();
    try {
      jdbc.sql("analyze frame_sighting").update();
      String frame = "pg-new-" + UUID.randomUUID();
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      assertThat(records.writeAll(List.of(seen(frame, "gate-a", at))))
          .containsExactly((Instant) null);
      assertThat(records.writeAll(List.of(seen(frame, "gate-b", at.plusSeconds(1)))))
          .containsExactly(at);
      List<String> plan =
          jdbc.sql(
                  "explain (analyze, costs off) "
                      + VerificationRecords.FIRST_ELSEWHERE
                      + VerificationRecords.values(2))
              .params(frame, "gate-c", frame, "gate-d")
              .query(String.class)
              .list();
      long rowsPassedOver =
          plan.stream()
              .filter(line -> line.contains("Rows Removed by Filter:"))
              .mapToLong(line -> Long.parseLong(line.replaceAll(".*Rows Removed by Filter: ", "")))
              .sum();
      assertThat(rowsPassedOver).as(String.join("\n", plan)).isLessThan(100);
    } finally {
      jdbc.sql("delete from frame_sighting where frame_hash like ?").param(older + "%").update();
    }
  }

  @Test
  void aBatchWithARowThatCannotBeWritten_leavesNoneOfItsRows() {
    String frame = "pg-atomic-" + UUID.randomUUID();
    Instant at = Instant.now();
    VerificationRecords.Item orphan =
        new VerificationRecords.Item(
            null,
            null,
            // no such certificate: the check log's row breaks its foreign key
            new CheckLog.Entry(
                UUID.randomUUID().toString(), "ENTRY_GATE", null, "ACCEPTED", null, at),
            null);
    assertThatThrownBy(
            () ->
                records.writeAll(
                    Arrays.asList(seen(frame, "gate-1", at), orphan, seen(frame, "gate-2", at))))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(
            jdbc.sql("select count(*) from frame_sighting where frame_hash = ?")
                .param(frame)
                .query(Long.class)
                .single())
        .as("the batch's sightings were not committed without its check")
        .isZero();
    // the writer then writes each item on its own (GroupCommit): the good ones are kept
    assertThat(records.writeAll(Arrays.asList(seen(frame, "gate-1", at))))
        .containsExactly((Instant) null);
  }
}
