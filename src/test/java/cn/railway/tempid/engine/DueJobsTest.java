package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The due jobs are counted at most four times a second, and a failed count keeps the last one. */
class DueJobsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong counts = new AtomicLong();
  private final AtomicLong due = new AtomicLong(5);

  private final DueJobs dueJobs =
      new DueJobs(
          () -> {
            counts.incrementAndGet();
            long d = due.get();
            if (d < 0) {
              throw new IllegalStateException("database away");
            }
            return d;
          },
          now::get);

  @Test
  void countsAtMostEveryQuarterSecond() {
    assertThat(dueJobs.size()).isEqualTo(5);
    due.set(40);
    assertThat(dueJobs.size()).as("counted 0 ms ago").isEqualTo(5);
    now.addAndGet(DueJobs.RECOUNT_NANOS - 1);
    assertThat(dueJobs.size()).isEqualTo(5);
    assertThat(counts.get()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(dueJobs.size()).isEqualTo(40);
    assertThat(counts.get()).isEqualTo(2);
  }

  @Test
  void aFailedCountKeepsTheLastOne() {
    assertThat(dueJobs.size()).isEqualTo(5);
    due.set(-1);
    now.addAndGet(DueJobs.RECOUNT_NANOS);
    assertThat(dueJobs.size()).isEqualTo(5);
    now.addAndGet(DueJobs.RECOUNT_NANOS / 2);
    assertThat(dueJobs.size()).as("not tried again at once").isEqualTo(5);
    assertThat(counts.get()).isEqualTo(2);
  }
}
