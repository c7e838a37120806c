package cn.railway.tempid.shared.problem;

import java.io.IOException;

/**
 * Reading a request body went past the size limit: answered {@code 413 PAYLOAD_TOO_LARGE},
 * whichever reader (JSON, bytes) it surfaces through.
 */
public class PayloadTooLargeException extends IOException {
  public PayloadTooLargeException(long limitBytes) {
    super("request body larger than " + limitBytes + " bytes");
  }
}
