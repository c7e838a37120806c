package cn.railway.tempid.frame.offline;

import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.Verification;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Example offline checkpoint: decides on a QR frame token with nothing but the two published
 * documents, fetched earlier while the device was online:
 *
 * <ul>
 *   <li>the JWK set of {@code GET /api/v1/verification-keys} (the public keys), and
 *   <li>the status list of {@code GET /api/v1/status-list} (revoked and superseded certificates).
 * </ul>
 *
 * <pre>
 * java cn.railway.tempid.frame.offline.OfflineVerifier keys.json status-list.json TOKEN [--now=INSTANT]
 * </pre>
 *
 * A token may contain spaces (Base45): quote it, or pass {@code -} to read it from standard input.
 * Prints {@code ACCEPTED …} or {@code REJECTED <reason>}; exit status 0 accepted, 1 rejected, 2
 * usage or document error. A status list older than its {@code ttlSeconds} is stale: the verdict is
 * still printed, followed by {@code WARNING STALE_STATUS_LIST} (a certificate revoked since the
 * list was issued would not be known); the device should refresh the list, or go online, soon.
 *
 * <p>What the offline check cannot see: revocations newer than the list, and a frame already shown
 * at another checkpoint (only the online API flags that).
 */
public final class OfflineVerifier {

  public static final int ACCEPTED = 0;
  public static final int REJECTED = 1;
  public static final int USAGE = 2;

  private OfflineVerifier() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, Clock.systemUTC(), System.out, System.err));
  }

  /** {@link #main} without {@code System.exit}, for tests and embedding. */
  public static int run(String[] args, Clock clock, PrintStream out, PrintStream err)
      throws IOException {
    if (args.length < 3 || args.length > 4) {
      err.println(
          "usage: OfflineVerifier <jwks.json> <status-list.json> <token|-> [--now=INSTANT]");
      return USAGE;
    }
    Instant now = clock.instant();
    if (args.length == 4) {
      if (!args[3].startsWith("--now=")) {
        err.println("unknown option " + args[3]);
        return USAGE;
      }
      try {
        now = Instant.parse(args[3].substring("--now=".length()));
      } catch (DateTimeParseException e) {
        err.println("--now must be an ISO-8601 instant such as 2026-01-15T08:00:00Z");
        return USAGE;
      }
    }

    // 1. The two published documents.
    KeyLookup keys;
    StatusList statusList;
    try {
      keys = KeyLookup.of(Jwks.parse(read(Path.of(args[0]))));
      statusList = StatusList.parse(read(Path.of(args[1])));
    } catch (IllegalArgumentException e) {
      err.println("cannot use the documents: " + e.getMessage());
      return USAGE;
    }

    // 2. The token: exactly as scanned. Base45 may contain spaces, so it is never trimmed.
    String token = "-".equals(args[2]) ? readLine() : args[2];

    // 3. Decode, check the signature, the frame window, the key's validity, the status list and
    //    the certificate expiry signed into the frame (see FrameVerifier for the order).
    Verification verification = new FrameVerifier(keys, statusList.indexed()).verify(token, now);

    if (verification.accepted()) {
      out.println(
          "ACCEPTED certificateId="
              + verification.token().certificateId()
              + " frameStartsAt="
              + verification.token().frameStartsAt()
              + " certificateExpiresAt="
              + verification.token().certificateExpiresAt());
    } else {
      out.println("REJECTED " + verification.reason());
    }
    if (statusList.isStaleAt(now)) {
      out.println(
          "WARNING STALE_STATUS_LIST issuedAt="
              + statusList.issuedAt()
              + " ttlSeconds="
              + statusList.ttlSeconds()
              + " staleSince="
              + statusList.staleAt());
    }
    return verification.accepted() ? ACCEPTED : REJECTED;
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static String readLine() throws IOException {
    String input = new String(System.in.readNBytes(4096), StandardCharsets.UTF_8);
    int end = input.indexOf('\n');
    String line = end < 0 ? input : input.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
