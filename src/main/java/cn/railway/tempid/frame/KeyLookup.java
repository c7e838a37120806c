package cn.railway.tempid.frame;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finds a published verification key by the key id inside a frame. */
@FunctionalInterface
public interface KeyLookup {

  Optional<VerificationKey> find(int keyId);

  /** An immutable lookup over a key set. @throws IllegalArgumentException on a duplicate key id */
  static KeyLookup of(Collection<VerificationKey> keys) {
    Map<Integer, VerificationKey> byId = new HashMap<>();
    for (VerificationKey key : keys) {
      if (byId.putIfAbsent(key.keyId(), key) != null) {
        throw new IllegalArgumentException("duplicate key id " + key.keyId());
      }
    }
    Map<Integer, VerificationKey> copy = Map.copyOf(byId);
    return keyId -> Optional.ofNullable(copy.get(keyId));
  }
}
