package cn.railway.tempid.registry;

import java.util.Set;

/**
 * Port to the population (identity) registry: does this ID number exist, does the name match, and
 * are there flags on the person. Called once per application, after liveness passed.
 */
public interface PopulationRegistry {

  Answer lookUp(String idNumber, String name);

  enum Result {
    MATCH,
    NOT_FOUND,
    NAME_MISMATCH
  }

  /** Flags are codes such as {@code DECEASED} or {@code REPORTED_FRAUD}. */
  record Answer(Result result, Set<String> flags) {
    public boolean flagged(String flag) {
      return flags.contains(flag);
    }
  }

  class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message) {
      super(message);
    }
  }
}
