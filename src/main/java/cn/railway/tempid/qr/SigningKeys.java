package cn.railway.tempid.qr;

import cn.railway.tempid.frame.Ed25519Keys;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.frame.VerificationKey;
import cn.railway.tempid.shared.privacy.FieldCipher;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Ed25519 keys that sign QR frames. One key signs at a time; it is replaced every {@code
 * tempid.frames.key-rotation-interval} (by the clock every rule reads). A replaced key stays
 * published until every frame it signed has expired: its last window plus the one window
 * checkpoints accept for clock skew. Private keys are stored encrypted.
 */
@Service
@EnableConfigurationProperties(QrProperties.class)
public class SigningKeys {
  private static final String PRIVATE_KEY_CONTEXT = "signing_key.private_key";
  private static final Duration FRAME_LIFETIME = Duration.ofSeconds(2 * FrameToken.WINDOW_SECONDS);

  private final JdbcClient jdbc;
  private final FieldCipher cipher;
  private final Clock clock;
  private final Duration rotationInterval;
  private final TransactionTemplate transaction;

  SigningKeys(
      JdbcClient jdbc,
      FieldCipher cipher,
      Clock clock,
      PlatformTransactionManager transactionManager,
      QrProperties settings) {
    this.transaction = new TransactionTemplate(transactionManager);
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
    this.rotationInterval = settings.keyRotationInterval();
  }

  /** The key that signs now, with its id; created on first use. */
  public record Signing(int keyId, Ed25519Keys.PrivateKey key) {}

  private record Row(
      int kid,
      String publicKey,
      String privateKeyEnc,
      Instant signsFrom,
      Instant signsUntil,
      Instant publishedUntil) {}

  public Signing current() {
    return currentRow()
        .or(
            () -> {
              rotateIfDue();
              return currentRow();
            })
        .map(
            r ->
                new Signing(
                    r.kid(),
                    Ed25519Keys.privateKey(
                        Base64.getUrlDecoder()
                            .decode(cipher.decrypt(r.privateKeyEnc(), PRIVATE_KEY_CONTEXT)))))
        .orElseThrow();
  }

  /** Every key a checkpoint may need now, with its signing period. */
  public List<VerificationKey> published() {
    Instant now = clock.instant();
    return rows("where published_until is null or published_until > ?", now).stream()
        .map(
            r ->
                new VerificationKey(
                    r.kid(),
                    Ed25519Keys.publicKey(Base64.getUrlDecoder().decode(r.publicKey())),
                    r.signsFrom(),
                    r.signsUntil() != null ? r.signsUntil() : expected(r, now)))
        .toList();
  }

  /**
   * Starts a new signing key when there is none or the current one is older than the rotation
   * interval. Safe on several nodes: they serialise on one lock row.
   */
  public boolean rotateIfDue() {
    // a template, not @Transactional: current() calls this on the same instance, and the lock
    // row below only serialises nodes inside a transaction
    return Boolean.TRUE.equals(transaction.execute(tx -> rotateIfDueLocked()));
  }

  private boolean rotateIfDueLocked() {
    jdbc.sql("select name from key_rotation_lock where name = 'signing' for update")
        .query(String.class)
        .single();
    Instant now = clock.instant();
    Optional<Row> current = currentRow();
    if (current.isPresent() && now.isBefore(current.get().signsFrom().plus(rotationInterval))) {
      return false;
    }
    // signing periods are whole frame windows: the new key signs from the start of the current
    // window, the old one may have signed any frame of it
    Instant windowStart = FrameToken.windowStart(now);
    Instant oldUntil = windowStart.plusSeconds(FrameToken.WINDOW_SECONDS);
    current.ifPresent(
        old ->
            jdbc.sql(
                    """
        update signing_key set signs_until = ?, published_until = ? where kid = ?""")
                .params(
                    Timestamp.from(oldUntil),
                    Timestamp.from(oldUntil.plus(FRAME_LIFETIME)),
                    Integer.toString(old.kid()))
                .update());
    int kid =
        jdbc.sql("select kid from signing_key").query(String.class).list().stream()
                .mapToInt(Integer::parseInt)
                .max()
                .orElse(0)
            + 1;
    Ed25519Keys.KeyPair pair = Ed25519Keys.generate();
    jdbc.sql(
            """
        insert into signing_key (kid, public_key, private_key_enc, created_at, signs_from)
        values (?, ?, ?, ?, ?)""")
        .params(
            Integer.toString(kid % 0x10000),
            Base64.getUrlEncoder().withoutPadding().encodeToString(pair.publicKey().encoded()),
            cipher.encrypt(
                Base64.getUrlEncoder().withoutPadding().encodeToString(pair.privateKey().encoded()),
                PRIVATE_KEY_CONTEXT),
            Timestamp.from(now),
            Timestamp.from(windowStart))
        .update();
    return true;
  }

  private Instant expected(Row current, Instant now) {
    // the current key's signing period ends at its next rotation; a late rotation must not
    // make it look expired, so it is always at least one interval ahead
    Instant scheduled = current.signsFrom().plus(rotationInterval);
    return (scheduled.isAfter(now) ? scheduled : now).plus(rotationInterval);
  }

  private Optional<Row> currentRow() {
    return rows("where published_until is null", null).stream().findFirst();
  }

  private List<Row> rows(String where, Instant param) {
    var statement = jdbc.sql("select * from signing_key " + where + " order by signs_from desc");
    if (param != null) {
      statement = statement.param(Timestamp.from(param));
    }
    return statement
        .query(
            (rs, n) ->
                new Row(
                    Integer.parseInt(rs.getString("kid")),
                    rs.getString("public_key"),
                    rs.getString("private_key_enc"),
                    rs.getTimestamp("signs_from").toInstant(),
                    rs.getTimestamp("signs_until") == null
                        ? null
                        : rs.getTimestamp("signs_until").toInstant(),
                    rs.getTimestamp("published_until") == null
                        ? null
                        : rs.getTimestamp("published_until").toInstant()))
        .list();
  }
}
