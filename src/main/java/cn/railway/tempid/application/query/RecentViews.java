package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.shared.longpoll.ChangeSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.stereotype.Component;

/**
 * Owners' views of their applications, reused for {@link #REUSE} by the plain GET an app polls
 * with: at the peak an app polls every 250 ms, and each poll used to read the application, its
 * liveness sessions, quota and guardian and decrypt the name and ID number.
 *
 * <p>No status older than a read would show, give or take a {@code NOTIFY}'s delivery: every change
 * of an application is signalled ({@link ChangeSignals}: right after the commit on the node that
 * made it, on every other node when the {@code NOTIFY} arrives) and forgets its view here before
 * anyone is woken; a view read while a change of its application commits is not kept (the read may
 * predate the change). Only while this node hears every node's changes. What changes without a
 * signal of the application (the quota used by the person's other applications, a liveness
 * session's expiry as time passes) is at most {@link #REUSE} old. The owner is checked on every
 * use, as on a read. Long polls always read.
 */
@Component
public class RecentViews {
  /** A view is reused at most this long after it was read. */
  public static final Duration REUSE = Duration.ofSeconds(1);

  private static final int MAX = 50_000;
  private static final int STRIPES = 1024;

  /** A view and whose it is. */
  record Entry(ApplicationView view, String accountId, String personKey, Instant readAt) {}

  /** Taken before a read: the view read is kept only if its application did not change since. */
  record Read(String applicationId, long stripe, long epoch, boolean listening) {}

  private final Map<String, Entry> views = new ConcurrentHashMap<>();
  // a change of an application counts up its stripe; a read that saw another count is not kept
  private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
  private final AtomicLong epoch = new AtomicLong();
  private final ChangeSignals signals;
  private final Clock clock;

  RecentViews(ChangeSignals signals, Clock clock) {
    this.signals = signals;
    this.clock = clock;
    signals.onEveryChange(this::forget);
  }

  /** Whether a view of this application can be reused now (its owner is checked at use). */
  public boolean holds(String applicationId) {
    return find(applicationId).isPresent();
  }

  Optional<Entry> find(String applicationId) {
    Entry e = signals.listening() ? views.get(applicationId) : null;
    if (e == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isBefore(e.readAt()) || !now.isBefore(e.readAt().plus(REUSE))) {
      views.remove(applicationId, e);
      return Optional.empty();
    }
    return Optional.of(e);
  }

  Read startRead(String applicationId) {
    return new Read(
        applicationId, changes.get(stripe(applicationId)), epoch.get(), signals.listening());
  }

  void keep(Read read, ApplicationRecord a, ApplicationView view) {
    Instant now = clock.instant();
    if (!read.listening()
        || !signals.listening()
        || read.epoch() != epoch.get()
        || changes.get(stripe(read.applicationId())) != read.stripe()) {
      return;
    }
    if (views.size() >= MAX) {
      views.values().removeIf(e -> !now.isBefore(e.readAt().plus(REUSE)));
      if (views.size() >= MAX) {
        return;
      }
    }
    views.put(read.applicationId(), new Entry(view, a.accountId(), a.personKey(), now));
    // a change that committed while it was put: forget it again
    if (read.epoch() != epoch.get() || changes.get(stripe(read.applicationId())) != read.stripe()) {
      views.remove(read.applicationId());
    }
  }

  private void forget(String key) {
    if (key == null || ApplicationRepository.TOKENS_ERASED.equals(key)) {
      epoch.incrementAndGet();
      views.clear();
      return;
    }
    changes.incrementAndGet(stripe(key));
    views.remove(key);
  }

  private static int stripe(String key) {
    return Math.floorMod(key.hashCode(), STRIPES);
  }
}
