package cn.railway.tempid.registry;

import cn.railway.tempid.shared.problem.DependencyUnavailableException;
import java.time.Duration;
import java.util.Set;

/**
 * Port to the population (identity) registry: does this ID number exist, does the name match, and
 * are there flags on the person. Called once per application for the applicant after liveness
 * passed, and for a child's application (PIPL art. 31) once more for the guardian. Adapters: {@code
 * simulated/} (demo) and {@code http/} (a registry gateway, docs/registry-http-contract.md), chosen
 * by {@code tempid.registry.provider} (docs/providers.md).
 */
public interface PopulationRegistry {

  /**
   * Idempotent: adapters may retry it.
   *
   * @throws RegistryUnavailableException a technical failure (the process step is retried)
   */
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

  /** The registry could not be reached or answered an error: a technical failure, retried. */
  class RegistryUnavailableException extends DependencyUnavailableException {
    public RegistryUnavailableException(String message) {
      super(message);
    }

    public RegistryUnavailableException(String message, Duration retryAfter) {
      super(message, retryAfter);
    }
  }
}
