package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key} of a submission (API.md "Failures and retries"): up to 64 visible
 * ASCII characters, scoped to the caller (a registered passenger's account; guests share one scope,
 * where the body, which names the person, tells them apart); a guest's at least {@value
 * #MIN_GUEST_KEY_LENGTH} characters. Stored as keyed hashes with the application the first request
 * made and its refusal code, for {@code tempid.idempotency.ttl}.
 */
@Component
class IdempotencyKeys {
  static final String HEADER = "Idempotency-Key";
  private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7E]{1,64}");

  /** A guest's key alone (with the body) hands out a token: at least this long. */
  static final int MIN_GUEST_KEY_LENGTH = 16;

  private final JdbcClient jdbc;
  private final PersonKeys hashes;
  private final Duration ttl;

  IdempotencyKeys(JdbcClient jdbc, PersonKeys hashes, ApplicationProperties properties) {
    this.jdbc = jdbc;
    this.hashes = hashes;
    this.ttl = properties.idempotency().ttl();
  }

  /** A key as stored: the hashes of the caller's key and of the request's content. */
  record Key(String keyHash, String bodyHash) {}

  /** What the first request with a key answered: its application, refused or not. */
  record FirstAnswer(String applicationId, ProblemCode refusal) {}

  /**
   * The key of a request, or null without the header; a {@code 400} when the header is not up to 64
   * visible ASCII characters. {@code content} is the request in one canonical form.
   */
  Key of(Caller caller, String header, String content) {
    if (header == null) {
      return null;
    }
    if (!FORMAT.matcher(header).matches()) {
      throw ApiException.invalidField(
          HEADER, "PATTERN", "The Idempotency-Key must be 1 to 64 visible ASCII characters.");
    }
    boolean guest = !(caller instanceof Caller.Passenger);
    if (guest && header.length() < MIN_GUEST_KEY_LENGTH) {
      // a guest's replay hands out a working applicant token for the key and the body alone: a
      // short key could be guessed (API.md "Failures and retries"); a random UUID is expected
      throw ApiException.invalidField(
          HEADER,
          "LENGTH",
          "A guest's Idempotency-Key must have at least "
              + MIN_GUEST_KEY_LENGTH
              + " characters; use a random UUID.");
    }
    String scope = guest ? "guest" : "account:" + ((Caller.Passenger) caller).accountId();
    return new Key(
        hashes.pseudonym("idempotency-key", scope + "\n" + header),
        hashes.pseudonym("idempotency-body", content));
  }

  /**
   * The first answer to this key while it lasts; a {@code 422 IDEMPOTENCY_KEY_REUSED} when the key
   * was used with another body.
   */
  Optional<FirstAnswer> firstAnswer(Key key, Instant now) {
    return jdbc.sql(
            """
            select body_hash, application_id, refusal_code from idempotency_key
            where key_hash = ? and expires_at > ?""")
        .params(key.keyHash(), Timestamp.from(now))
        .query(
            (rs, row) -> {
              if (!rs.getString("body_hash").equals(key.bodyHash())) {
                throw new ApiException(ProblemCode.IDEMPOTENCY_KEY_REUSED);
              }
              return new FirstAnswer(
                  rs.getString("application_id"),
                  ProblemCode.fromReason(rs.getString("refusal_code")));
            })
        .optional();
  }

  /** Remembers the answer (in the transaction that made the application). */
  void remember(Key key, String applicationId, ProblemCode refusal, Instant now) {
    // an expired row of the same key is replaced
    jdbc.sql("delete from idempotency_key where key_hash = ? and expires_at <= ?")
        .params(key.keyHash(), Timestamp.from(now))
        .update();
    jdbc.sql(
            """
            insert into idempotency_key
              (key_hash, body_hash, application_id, refusal_code, created_at, expires_at)
            values (?, ?, ?, ?, ?, ?)""")
        .params(
            key.keyHash(),
            key.bodyHash(),
            applicationId,
            refusal == null ? null : refusal.name(),
            Timestamp.from(now),
            Timestamp.from(now.plus(ttl)))
        .update();
  }
}
