package cn.railway.tempid.registry;

import java.util.Set;

/**
 * The people of the simulated population registry, which the demo sets up; implemented only by the
 * simulated adapter (never present in production).
 */
public interface SimulatedPeople {
  /** The registry flags the simulated registry knows (e.g. {@code DECEASED}). */
  Set<String> knownFlags();

  /** Adds or replaces a person, by normalized ID number. */
  void put(String normalizedIdNumber, String name, Set<String> flags);
}
