package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.persistence.Tokens;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "None lost": every verification answered ACCEPTED has its sighting and its access-audit entry in
 * the database by the time the checkpoint reads the answer (they commit before the answer, in one
 * transaction), also when many checkpoints verify at once and the keys come from memory.
 */
@ApplicationTest
class EveryAnsweredVerificationIsRecordedTest {
  static final int CHECKPOINTS = 24;

  @Autowired ShownCertificates certificates;
  @Autowired JdbcClient jdbc;

  @Test
  void concurrentVerificationsEachHaveTheirSightingAndAuditRowWhenAnswered() throws Exception {
    Shown shown = certificates.issueAndShow("周一");
    String frame = certificates.frame(shown);
    String keyId =
        jdbc.sql("select id from checkpoint_key where key_hash = ?")
            .param(Tokens.hash(ShownCertificates.DEMO_CHECKPOINT_KEY))
            .query(String.class)
            .single();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> checks = new ArrayList<>();
      for (int i = 0; i < CHECKPOINTS; i++) {
        String device = "gate-" + i;
        checks.add(
            pool.submit(
                () -> {
                  Answer a =
                      certificates.verify(
                          ShownCertificates.DEMO_CHECKPOINT_KEY, frame, device, "ENTRY_GATE", null);
                  assertThat(a.text("result")).isEqualTo("ACCEPTED");
                  // read right after the answer: this device's sighting of this frame is there
                  return jdbc.sql(
                          "select count(*) from frame_sighting where frame_hash = ?"
                              + " and checkpoint_id = ? and certificate_id = ?")
                      .params(
                          Tokens.hash(frame),
                          Tokens.hash(keyId + "\n" + device),
                          shown.certificateId())
                      .query(Long.class)
                      .single();
                }));
      }
      for (Future<Long> check : checks) {
        assertThat(check.get(60, TimeUnit.SECONDS)).isEqualTo(1);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(
            jdbc.sql(
                    "select count(distinct checkpoint_id) from frame_sighting where frame_hash = ?")
                .param(Tokens.hash(frame))
                .query(Long.class)
                .single())
        .isEqualTo(CHECKPOINTS);
    assertThat(
            jdbc.sql(
                    "select count(*) from personal_data_access where subject_id = ?"
                        + " and purpose = 'VERIFICATION'")
                .param(shown.certificateId())
                .query(Long.class)
                .single())
        .isEqualTo(CHECKPOINTS);
  }
}
