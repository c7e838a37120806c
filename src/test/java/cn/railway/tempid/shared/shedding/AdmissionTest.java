package cn.railway.tempid.shared.shedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.concurrency.limits.limit.FixedLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limit sheds polls and new work; work that finishes journeys goes past it and stops
 * only at the ceiling that keeps the job executor's connections.
 */
class AdmissionTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SheddingProperties settings =
      new SheddingProperties(
          null, "fixed", null, null, null, 0.5, 0.25, 0.25, null, null, null, null);

  @Test
  void belowTheCeiling_theAdaptiveLimitShedsNewWork_butNotPollsNorTheWorkThatFinishesJourneys() {
    // the adaptive limit has fallen to 2; the ceiling is 12 (6 of it for polls and new work, 3 of
    // those for new work)
    Admission admission =
        new Admission(settings, 12, FixedLimit.of(2), QueuedWork.NONE, 16, meters);
    List<Admission.Ticket> held = new ArrayList<>();
    held.add(admission.tryAdmit(Lane.NEW_WORK).orElseThrow());
    held.add(admission.tryAdmit(Lane.NEW_WORK).orElseThrow());

    assertThat(admission.tryAdmit(Lane.NEW_WORK))
        .as("new work beyond the adaptive limit")
        .isEmpty();
    for (int i = 0; i < 4; i++) {
      held.add(admission.tryAdmit(Lane.POLL).orElseThrow());
    }
    assertThat(admission.tryAdmit(Lane.POLL))
        .as("the part for polls and new work is full")
        .isEmpty();
    for (int i = 0; i < 6; i++) {
      held.add(admission.tryAdmit(Lane.FINISHING).orElseThrow());
    }
    assertThat(admission.inFlight()).isEqualTo(12);
    assertThat(admission.tryAdmit(Lane.FINISHING)).as("the ceiling is full").isEmpty();
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "new-work").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "poll").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "finishing").counter().count())
        .isEqualTo(1);

    held.remove(held.size() - 1).succeeded();
    assertThat(admission.tryAdmit(Lane.FINISHING)).as("a place was given back").isPresent();
  }

  @Test
  void newWorkKeepsToItsShareOfThePlacesItSharesWithPolls_theRestIsForPolls() {
    // ceiling 8: 4 places for polls and new work, new work at most 2 of them
    Admission admission = new Admission(settings, 8, FixedLimit.of(8), QueuedWork.NONE, 16, meters);
    admission.tryAdmit(Lane.NEW_WORK).orElseThrow();
    admission.tryAdmit(Lane.NEW_WORK).orElseThrow();

    assertThat(admission.tryAdmit(Lane.NEW_WORK)).as("new work's share is full").isEmpty();
    assertThat(admission.newWorkCeiling()).isEqualTo(2);
    admission.tryAdmit(Lane.POLL).orElseThrow();
    admission.tryAdmit(Lane.POLL).orElseThrow();
    assertThat(admission.tryAdmit(Lane.POLL)).isEmpty();
  }

  @Test
  void whileTheEnginesDueJobsQueue_newWorkIsShed_butNotPollsNorWorkThatFinishesJourneys() {
    java.util.concurrent.atomic.AtomicLong due = new java.util.concurrent.atomic.AtomicLong(16);
    Admission admission = new Admission(settings, 8, FixedLimit.of(8), due::get, 16, meters);
    admission.tryAdmit(Lane.NEW_WORK).orElseThrow().succeeded();

    due.set(17);
    assertThat(admission.tryAdmit(Lane.NEW_WORK))
        .as("a submission now would wait behind 17 due jobs")
        .isEmpty();
    assertThat(admission.inFlight()).as("a shed request holds no place").isZero();
    admission.tryAdmit(Lane.POLL).orElseThrow().succeeded();
    admission.tryAdmit(Lane.FINISHING).orElseThrow().succeeded();
    assertThat(meters.get("tempid.shedding.behind-queued-work").counter().count()).isEqualTo(1);
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "new-work").counter().count())
        .isEqualTo(1);

    due.set(3);
    assertThat(admission.tryAdmit(Lane.NEW_WORK)).as("the job threads caught up").isPresent();
  }

  @Test
  void aPollThatFindsNoPlace_waitsForOneGivenBack_butNewWorkDoesNot() throws Exception {
    // a wait far longer than the 40 ms default: the test must not race the machine
    Admission admission =
        new Admission(
            settings, 2, FixedLimit.of(2), QueuedWork.NONE, 16, meters, Duration.ofSeconds(30));
    Admission.Ticket holding = admission.tryAdmit(Lane.POLL).orElseThrow();
    assertThat(admission.tryAdmit(Lane.NEW_WORK))
        .as("the part for polls and new work is full")
        .isEmpty();

    java.util.concurrent.CompletableFuture<java.util.Optional<Admission.Ticket>> poll =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> admission.admit(Lane.POLL));
    org.awaitility.Awaitility.await().until(() -> admission.waiting() == 1);
    assertThat(admission.admit(Lane.NEW_WORK)).as("new work never waits").isEmpty();
    holding.succeeded();

    assertThat(poll.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("admitted after waiting")
        .isPresent();
    assertThat(meters.get("tempid.shedding.admitted-after-waiting").counter().count()).isEqualTo(1);
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "poll").counter().count())
        .isZero();
  }

  @Test
  void aPollThatFindsNoPlaceWithinTheWait_isShed() {
    Admission admission = new Admission(settings, 2, FixedLimit.of(2), QueuedWork.NONE, 16, meters);
    admission.tryAdmit(Lane.POLL).orElseThrow();
    long start = System.nanoTime();

    assertThat(admission.admit(Lane.POLL)).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("waited max-wait (40 ms)")
        .isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(meters.get("tempid.shedding.rejected").tag("lane", "poll").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aTicketGivesItsPlaceBackOnce() {
    Admission admission = new Admission(settings, 4, FixedLimit.of(4), QueuedWork.NONE, 16, meters);
    Admission.Ticket ticket = admission.tryAdmit(Lane.NEW_WORK).orElseThrow();
    ticket.dropped();
    ticket.succeeded();
    assertThat(admission.inFlight()).isZero();
    assertThat(meters.get("tempid.shedding.in-flight").tag("lane", "new-work").gauge().value())
        .isZero();
  }

  @Test
  void settingsThatCannotWork_refuseTheStart() {
    assertThatThrownBy(
            () ->
                new SheddingProperties(
                    null, null, null, null, null, 0.6, 0.3, 0.3, null, null, null, null))
        .hasMessageContaining("must not exceed 1");
    assertThatThrownBy(
            () ->
                new SheddingProperties(
                    null, "lifo", null, null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("gradient2, vegas or fixed");
    assertThatThrownBy(
            () ->
                new SheddingProperties(
                    null, null, 1, null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("max-concurrency");
    SheddingProperties defaults =
        new SheddingProperties(
            null, null, null, null, null, null, null, null, null, null, null, null);
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.algorithm()).isEqualTo("gradient2");
  }
}
