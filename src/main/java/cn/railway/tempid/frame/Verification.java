package cn.railway.tempid.frame;

/**
 * The outcome of checking one frame token.
 *
 * @param result ACCEPTED or REJECTED
 * @param reason why it was rejected; {@code null} when accepted
 * @param token the decoded token, {@code null} when MALFORMED; present for every other reason, but
 *     its fields are authentic only when the reason is not UNKNOWN_KEY or BAD_SIGNATURE
 */
public record Verification(Result result, Reason reason, FrameToken token) {

  public enum Result {
    ACCEPTED,
    REJECTED
  }

  /** Exactly the {@code reason} values of {@code POST /verifications}. */
  public enum Reason {
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    FRAME_EXPIRED,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_SUPERSEDED,
    CERTIFICATE_REVOKED
  }

  static Verification accepted(FrameToken token) {
    return new Verification(Result.ACCEPTED, null, token);
  }

  static Verification rejected(Reason reason, FrameToken token) {
    return new Verification(Result.REJECTED, reason, token);
  }

  public boolean accepted() {
    return result == Result.ACCEPTED;
  }
}
