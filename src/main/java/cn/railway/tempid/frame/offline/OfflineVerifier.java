package cn.railway.tempid.frame.offline;

import cn.railway.tempid.frame.FrameVerifier;
import cn.railway.tempid.frame.Jwks;
import cn.railway.tempid.frame.KeyLookup;
import cn.railway.tempid.frame.StatusList;
import cn.railway.tempid.frame.StatusLookup;
import cn.railway.tempid.frame.TokenStatusList;
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
 *   <li>the status list of {@code GET /api/v1/status-list}: the IETF Token Status List token
 *       ({@code Accept: application/statuslist+jwt}), looked up by the status index in the frame;
 *       or the older JSON list of revoked and superseded certificates, looked up by certificate id.
 * </ul>
 *
 * <pre>
 * java cn.railway.tempid.frame.offline.OfflineVerifier keys.json status-list.jwt TOKEN [--now=INSTANT]
 * </pre>
 *
 * A token may contain spaces (Base45): quote it, or pass {@code -} to read it from standard input.
 * Prints {@code ACCEPTED …} or {@code REJECTED <reason>}; exit status 0 accepted, 1 rejected, 2
 * usage or document error. A status list token whose signature does not verify with the JWK set, or
 * whose {@code exp} has passed, is a document error. A status list older than its {@code ttl}
 * ({@code ttlSeconds}) is stale: the verdict is still printed, followed by {@code WARNING
 * STALE_STATUS_LIST} (a certificate revoked since the list was issued would not be known); the
 * device should refresh the list, or go online, soon. A frame the token has no entry for (a
 * version-1 frame, or an index outside the list) is refused as revoked, followed by {@code WARNING
 * NO_STATUS_ENTRY}.
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

    // 1. The two published documents: the status list token is verified with the JWK set.
    KeyLookup keys;
    StatusDocument statusList;
    try {
      keys = KeyLookup.of(Jwks.parse(read(Path.of(args[0]))));
      statusList = StatusDocument.read(read(Path.of(args[1])), keys, now);
    } catch (IllegalArgumentException e) {
      err.println("cannot use the documents: " + e.getMessage());
      return USAGE;
    }

    // 2. The token: exactly as scanned. Base45 may contain spaces, so it is never trimmed.
    String token = "-".equals(args[2]) ? readLine() : args[2];

    // 3. Decode, check the signature, the frame window, the key's validity, the status list and
    //    the certificate expiry signed into the frame (see FrameVerifier for the order).
    Verification verification = new FrameVerifier(keys, statusList.lookup()).verify(token, now);

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
    if (statusList.token() != null
        && verification.reason() == Verification.Reason.CERTIFICATE_REVOKED
        && statusList.token().entryFor(verification.token()).isEmpty()) {
      out.println(
          "WARNING NO_STATUS_ENTRY "
              + (verification.token().hasStatusIndex()
                  ? "statusIndex=" + verification.token().statusIndex() + " is outside the list"
                  : "a version-1 frame has no status index")
              + ": refused (fail closed)");
    }
    return verification.accepted() ? ACCEPTED : REJECTED;
  }

  /** The status document in either format, with what the output reports about it. */
  private record StatusDocument(
      StatusLookup lookup,
      TokenStatusList token,
      Instant issuedAt,
      Long ttlSeconds,
      Instant staleAt) {

    static StatusDocument read(String text, KeyLookup keys, Instant now) {
      if (text.stripLeading().startsWith("{")) {
        StatusList json = StatusList.parse(text);
        return new StatusDocument(
            json.indexed(), null, json.issuedAt(), json.ttlSeconds(), json.staleAt());
      }
      TokenStatusList token = TokenStatusList.verify(text, keys, now);
      Long ttl = token.ttlSeconds().orElse(null);
      return new StatusDocument(
          token,
          token,
          token.issuedAt(),
          ttl,
          ttl == null ? null : token.issuedAt().plusSeconds(ttl));
    }

    boolean isStaleAt(Instant now) {
      return staleAt != null && !now.isBefore(staleAt);
    }
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
