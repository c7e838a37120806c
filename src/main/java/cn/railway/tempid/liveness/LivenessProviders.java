package cn.railway.tempid.liveness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured liveness providers in order ({@link LivenessProviderOrder}), with failover for new
 * sessions: a session is opened with the first provider that accepts calls (its circuit breaker is
 * not open); when none does, with the first, which refuses at once (503 with Retry-After). A
 * session in flight stays with the provider that opened it: its verdict is always fetched from the
 * provider recorded with it ({@code liveness_session.provider}), so a session never moves to a
 * vendor that has never seen it.
 */
@Component
class LivenessProviders {
  private static final Logger log = LoggerFactory.getLogger(LivenessProviders.class);

  /** Every liveness adapter this release has, by its name (docs/providers.md). */
  static final Set<String> ADAPTERS = Set.of("simulated", "tencent", "aliyun");

  private final Map<String, LivenessProvider> inOrder = new LinkedHashMap<>();
  private volatile String lastChosen;

  LivenessProviders(List<LivenessProvider> adapters, Environment environment) {
    List<String> order = LivenessProviderOrder.configured(environment);
    if (order.isEmpty()) {
      throw new IllegalStateException(
          LivenessProviderOrder.PROPERTY
              + " is not set: name the liveness adapters in order, of "
              + String.join(", ", new TreeSet<>(ADAPTERS)));
    }
    Map<String, LivenessProvider> byName = new LinkedHashMap<>();
    adapters.forEach(adapter -> byName.put(adapter.name(), adapter));
    for (String name : order) {
      LivenessProvider adapter = byName.get(name);
      if (adapter == null) {
        throw new IllegalStateException(
            LivenessProviderOrder.PROPERTY
                + " names '"
                + name
                + "', which is no liveness adapter; the adapters are "
                + String.join(", ", new TreeSet<>(ADAPTERS)));
      }
      inOrder.put(name, adapter);
    }
    lastChosen = order.get(0);
    log.info("Liveness providers in order: {}", String.join(", ", inOrder.keySet()));
  }

  /** The provider a new session opens with: the first that accepts calls, else the first. */
  LivenessProvider forNewSession() {
    LivenessProvider first = inOrder.values().iterator().next();
    LivenessProvider chosen =
        inOrder.values().stream()
            .filter(LivenessProvider::acceptsNewSessions)
            .findFirst()
            .orElse(first);
    if (!chosen.name().equals(lastChosen)) {
      // logged when the choice changes only, not for every session of an outage
      if (chosen == first) {
        log.info("New liveness sessions open with {} again", chosen.name());
      } else {
        log.warn(
            "Liveness provider {} refuses calls (circuit breaker open): new sessions open with {}",
            first.name(),
            chosen.name());
      }
      lastChosen = chosen.name();
    }
    return chosen;
  }

  /**
   * The provider that opened a session. A session recorded before providers were recorded has none:
   * it belongs to the first of the order (the migration filled in the provider configured then).
   *
   * @throws LivenessProvider.ProviderUnavailableException the session's provider is no longer
   *     configured (retried, then an incident: configure it again until its sessions are done)
   */
  LivenessProvider of(String name) {
    if (name == null) {
      return inOrder.values().iterator().next();
    }
    LivenessProvider provider = inOrder.get(name);
    if (provider == null) {
      throw new LivenessProvider.ProviderUnavailableException(
          "liveness provider '" + name + "' of this session is not configured");
    }
    return provider;
  }

  /** The names in order. */
  List<String> names() {
    return List.copyOf(inOrder.keySet());
  }
}
