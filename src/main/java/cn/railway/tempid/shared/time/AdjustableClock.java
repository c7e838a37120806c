package cn.railway.tempid.shared.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one clock of the demo profile and of tests: real time plus an offset that the demo API and
 * tests move forward (or set), so 10 minutes, 30 minutes and 24 hours can be shown without waiting.
 * Everything that reads time (rules, tokens, the engine's timers) reads this clock.
 */
public final class AdjustableClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();
  private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();

  public AdjustableClock(Clock base) {
    this.base = base;
  }

  public static AdjustableClock systemUtc() {
    return new AdjustableClock(Clock.systemUTC());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the adjustable clock is always UTC");
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis.get());
  }

  @Override
  public long millis() {
    return base.millis() + offsetMillis.get();
  }

  /** Moves the clock forward by {@code amount} (never backwards). */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    offsetMillis.addAndGet(amount.toMillis());
    return moved();
  }

  /** Sets the clock to {@code target}; time then runs on from there. */
  public Instant set(Instant target) {
    offsetMillis.set(target.toEpochMilli() - base.millis());
    return moved();
  }

  /** Called after every move with the new time (e.g. to wake the engine's job executor). */
  public void onMove(Consumer<Instant> listener) {
    listeners.add(listener);
  }

  private Instant moved() {
    Instant now = instant();
    listeners.forEach(l -> l.accept(now));
    return now;
  }
}
