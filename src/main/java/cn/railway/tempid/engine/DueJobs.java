package cn.railway.tempid.engine;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.shedding.QueuedWork;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.camunda.bpm.engine.ManagementService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The journeys' steps waiting for a job thread: jobs of the application process that are due and
 * not yet started, all nodes together, for load shedding: new work waits while this is long ({@link
 * QueuedWork}). Other jobs (a certificate's timers) count only through the journeys they hold up.
 * Counted at most every {@link #RECOUNT_NANOS} (a quarter of a second): the request that finds the
 * count older counts again, the others meanwhile use the last count; an idle node counts nothing. A
 * count that fails (the database is away) keeps the last one: the requests themselves answer 503
 * then.
 */
@Component
class DueJobs implements QueuedWork {
  private static final Logger log = LoggerFactory.getLogger(DueJobs.class);

  static final long RECOUNT_NANOS = 250_000_000L;

  private final LongSupplier count;
  private final LongSupplier nanoTime;
  private final ReentrantLock counting = new ReentrantLock();
  private volatile long size;
  private volatile long countedAt;
  private volatile boolean counted;

  @Autowired
  DueJobs(ManagementService management) {
    this(
        () ->
            management
                .createJobQuery()
                .processDefinitionKey(ApplicationJourney.PROCESS_KEY)
                .executable()
                .count(),
        System::nanoTime);
  }

  DueJobs(LongSupplier count, LongSupplier nanoTime) {
    this.count = count;
    this.nanoTime = nanoTime;
  }

  @Override
  public long size() {
    if (counted && nanoTime.getAsLong() - countedAt < RECOUNT_NANOS) {
      return size;
    }
    // one request counts; the others go on with the last count
    if (counting.tryLock()) {
      try {
        if (!counted || nanoTime.getAsLong() - countedAt >= RECOUNT_NANOS) {
          size = count.getAsLong();
          countedAt = nanoTime.getAsLong();
          counted = true;
        }
      } catch (RuntimeException e) {
        log.debug("counting the due jobs failed; the last count stands", e);
        countedAt = nanoTime.getAsLong();
      } finally {
        counting.unlock();
      }
    }
    return size;
  }
}
