package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the verifier knows about a certificate. Online, the service answers from its database (an
 * unknown certificate id should be answered {@code REVOKED}: fail closed). Offline, {@link
 * StatusList} answers from the published list: a certificate not on it is {@code ACTIVE} with an
 * unknown expiry, and the expiry signed into the frame is used.
 */
@FunctionalInterface
public interface StatusLookup {

  Standing statusOf(UUID certificateId);

  /**
   * @param state the certificate's recorded state
   * @param expiresAt its expiry if known (online), else {@code null}
   */
  record Standing(CertificateState state, Instant expiresAt) {
    public Standing {
      Objects.requireNonNull(state, "state");
    }

    public static Standing active(Instant expiresAt) {
      return new Standing(CertificateState.ACTIVE, expiresAt);
    }
  }
}
