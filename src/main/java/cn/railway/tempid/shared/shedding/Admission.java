package cn.railway.tempid.shared.shedding;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a request of a {@link Lane} may start now ({@link #tryAdmit}), or within {@code
 * max-wait} for polls and finishing work ({@link #admit}). Two checks, both must pass:
 *
 * <ol>
 *   <li>the adaptive limit (Netflix {@code concurrency-limits}, a partitioned limiter with one
 *       partition per lane) decides how much new work the node takes on: while fewer requests than
 *       the limit are in flight new work is admitted; beyond it only while under its guaranteed
 *       share. Polls and work that finishes journeys go past it: only the ceiling stops them;
 *   <li>the hard ceiling, sized from the connection pool so that admitted requests can never take
 *       the job executor's connections: polls and new work may fill it only up to the ceiling less
 *       the finishing share (that rest is for work that finishes journeys), and new work only its
 *       share of that part (the rest is for polls: a poll is cheap, and its answer may be the one
 *       that ends a journey).
 * </ol>
 *
 * <p>And new work waits while the journeys already accepted wait: while more than {@code
 * max-queued-jobs} engine jobs are due and not yet started ({@link QueuedWork}), new work is shed
 * whatever the limits say. A journey admitted then would only queue behind the others and make each
 * of them later; shed, its app tries again after {@code Retry-After}, when there is room.
 */
public final class Admission {
  private final Limiter<Lane> limiter;
  private final AbstractLimiter<Lane> limits;
  private final int ceiling;
  private final int othersCeiling;
  private final int newWorkCeiling;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Lane, AtomicInteger> inFlightByLane = new EnumMap<>(Lane.class);
  private final QueuedWork queued;
  private final long maxQueued;
  private final AdmissionMeters counters;
  private final long maxWaitNanos;
  private final WaitingForPlaces waiting = new WaitingForPlaces();

  /** An admitted request: release it exactly once when it is done. */
  public interface Ticket {
    /** Done, answered normally: its latency teaches the limit. */
    void succeeded();

    /** Done, but its latency says nothing about load (e.g. a long poll that went async). */
    void ignored();

    /** Failed in a way that says the node is overloaded (a time-out, 503). */
    void dropped();
  }

  /**
   * @param queued the work accepted and not yet started; new work is shed while it is longer than
   *     {@code maxQueued}
   */
  public Admission(
      SheddingProperties settings,
      int ceiling,
      QueuedWork queued,
      long maxQueued,
      MeterRegistry meters) {
    this(settings, ceiling, LaneLimits.limitOf(settings, ceiling), queued, maxQueued, meters);
  }

  /** With {@code limit} as the adaptive limit (tests give one below the ceiling). */
  Admission(
      SheddingProperties settings,
      int ceiling,
      Limit limit,
      QueuedWork queued,
      long maxQueued,
      MeterRegistry meters) {
    this(settings, ceiling, limit, queued, maxQueued, meters, settings.maxWait());
  }

  /** And with {@code maxWait} instead of the setting's (tests that must not race the machine). */
  @SuppressWarnings("unchecked")
  Admission(
      SheddingProperties settings,
      int ceiling,
      Limit limit,
      QueuedWork queued,
      long maxQueued,
      MeterRegistry meters,
      java.time.Duration maxWait) {
    if (ceiling < 2) {
      throw new IllegalArgumentException("the ceiling must be at least 2");
    }
    if (maxQueued < 1) {
      throw new IllegalArgumentException("the queued work allowed must be at least 1");
    }
    this.ceiling = ceiling;
    this.queued = queued;
    this.maxQueued = maxQueued;
    this.maxWaitNanos = maxWait.toNanos();
    this.counters = new AdmissionMeters(meters);
    Gauge.builder("tempid.shedding.queued-work", () -> this.queued.size())
        .description("Engine jobs due and not yet started, as last counted (all nodes)")
        .register(meters);
    int finishingReserve = (int) Math.ceil(ceiling * settings.finishingShare());
    this.othersCeiling = Math.max(1, ceiling - finishingReserve);
    this.newWorkCeiling = LaneLimits.newWorkCeiling(settings, othersCeiling);
    this.limiter = LaneLimits.limiter(settings, limit);
    this.limits = (AbstractLimiter<Lane>) limiter;
    Gauge.builder("tempid.shedding.limit", limits, AbstractLimiter::getLimit)
        .description("The adaptive limit of API requests in flight on this node")
        .register(meters);
    Gauge.builder("tempid.shedding.ceiling", () -> this.ceiling)
        .description(
            "The hard ceiling of API requests in flight (connection pool less the job executor's"
                + " and the background's connections)")
        .register(meters);
    for (Lane lane : Lane.values()) {
      AtomicInteger count = new AtomicInteger();
      inFlightByLane.put(lane, count);
      Gauge.builder("tempid.shedding.in-flight", count, AtomicInteger::get)
          .tag("lane", lane.tag())
          .description("API requests of this lane being worked on now")
          .register(meters);
    }
  }

  /**
   * Admitted now, or empty: shed it. Never waits. Polls and work that finishes journeys are
   * admitted past the adaptive limit, as long as their part of the ceiling has room: only the
   * connections the job executor needs stop them.
   */
  public Optional<Ticket> tryAdmit(Lane lane) {
    if (lane == Lane.NEW_WORK && queued.size() > maxQueued) {
      // the journeys already accepted are waiting for job threads: a new one would wait too
      counters.behindQueuedWork.increment();
      counters.rejected.get(lane).increment();
      return Optional.empty();
    }
    Optional<Ticket> ticket = attempt(lane);
    if (ticket.isEmpty()) {
      counters.rejected.get(lane).increment();
    }
    return ticket;
  }

  /**
   * As {@link #tryAdmit}, but a poll or a request that finishes a journey that finds no place waits
   * up to {@code tempid.shedding.max-wait} (40 ms) for one to be given back: at a peak places free
   * up every few milliseconds, and a poll shed instead costs its app a whole {@code Retry-After}.
   * New work never waits: it is what a full node refuses first.
   */
  public Optional<Ticket> admit(Lane lane) {
    if (lane == Lane.NEW_WORK || maxWaitNanos <= 0) {
      return tryAdmit(lane);
    }
    Optional<Ticket> ticket = attempt(lane);
    if (ticket.isPresent()) {
      return ticket;
    }
    ticket = waiting.await(() -> attempt(lane), maxWaitNanos);
    if (ticket.isPresent()) {
      counters.afterWaiting.increment();
    } else {
      counters.rejected.get(lane).increment();
    }
    return ticket;
  }

  /** Requests waiting for a place now. */
  public int waiting() {
    return waiting.waiting();
  }

  /** A place now, without counting a refusal. */
  private Optional<Ticket> attempt(Lane lane) {
    Optional<Limiter.Listener> listener = limiter.acquire(lane);
    if (listener.isEmpty() && lane != Lane.NEW_WORK) {
      // the adaptive limit decides how much new work the node takes on; polls and finishing
      // work stop only at the ceiling
      listener = Optional.of(LaneLimits.UNLIMITED);
    }
    if (listener.isEmpty()) {
      return Optional.empty();
    }
    if (lane == Lane.NEW_WORK && inFlightByLane.get(lane).get() >= newWorkCeiling) {
      // the rest of the polls' and new work's part is for polls
      listener.get().onIgnore();
      return Optional.empty();
    }
    int cap = lane == Lane.FINISHING ? ceiling : othersCeiling;
    while (true) {
      int now = inFlight.get();
      if (now >= cap) {
        listener.get().onIgnore();
        return Optional.empty();
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        break;
      }
    }
    AtomicInteger ofLane = inFlightByLane.get(lane);
    ofLane.incrementAndGet();
    counters.admitted.get(lane).increment();
    return Optional.of(new Released(listener.get(), ofLane));
  }

  /** A poll answered from memory was let through without a place ({@link AnsweredFromMemory}). */
  public void admittedFromMemory() {
    counters.fromMemory.increment();
  }

  public int limit() {
    return limits.getLimit();
  }

  public int ceiling() {
    return ceiling;
  }

  /** The part of the ceiling polls and new work may use. */
  public int othersCeiling() {
    return othersCeiling;
  }

  /** The part of that new work may use: the rest is for polls. */
  public int newWorkCeiling() {
    return newWorkCeiling;
  }

  public int inFlight() {
    return inFlight.get();
  }

  private final class Released implements Ticket {
    private final Limiter.Listener listener;
    private final AtomicInteger ofLane;
    private final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();

    Released(Limiter.Listener listener, AtomicInteger ofLane) {
      this.listener = listener;
      this.ofLane = ofLane;
    }

    /** Gives the place back once, teaches the limit, and wakes whoever waits for a place. */
    private void release(Runnable teach) {
      if (done.compareAndSet(false, true)) {
        ofLane.decrementAndGet();
        inFlight.decrementAndGet();
        teach.run();
        waiting.placeGivenBack();
      }
    }

    @Override
    public void succeeded() {
      release(listener::onSuccess);
    }

    @Override
    public void ignored() {
      release(listener::onIgnore);
    }

    @Override
    public void dropped() {
      release(listener::onDropped);
    }
  }
}
