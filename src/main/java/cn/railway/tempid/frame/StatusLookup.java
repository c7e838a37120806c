package cn.railway.tempid.frame;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the verifier knows about a certificate. Online, the service answers from its database (an
 * unknown certificate id should be answered {@code REVOKED}: fail closed). Offline, {@link
 * TokenStatusList} answers from the status list token by the index in the frame, and {@link
 * StatusList} from the older JSON list by certificate id: a certificate not on it is {@code ACTIVE}
 * with an unknown expiry, and the expiry signed into the frame is used.
 */
@FunctionalInterface
public interface StatusLookup {

  Standing statusOf(UUID certificateId);

  /**
   * The standing of an authenticated frame's certificate; by certificate id unless the lookup works
   * by the frame's status index.
   */
  default Standing statusOf(FrameToken frame) {
    return statusOf(frame.certificateId());
  }

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
