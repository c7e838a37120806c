package cn.railway.tempid.verification;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import cn.railway.tempid.shared.longpoll.ChangeSignals;
import cn.railway.tempid.shared.persistence.Tokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keys of checkpoint systems ({@code X-Checkpoint-Key}), stored as hashes. Each key is registered
 * with the checkpoint types it may act as (R19) and the station or train it serves; a key may also
 * be allowed real-name checks: ticket windows and real-name checkpoints that need the full ID
 * number to find the passenger's ticket.
 */
@Component
public class CheckpointKeys implements CallerResolver {
  /** The signal key of every change of checkpoint keys (register, roles, revoke). */
  static final String CHANGED = "checkpoint-keys";

  /** An active key is reused from memory at most this long (a safety net: changes clear it). */
  static final Duration CACHE = Duration.ofSeconds(60);

  private static final int CACHE_MAX = 10_000;

  private record Cached(Caller.Checkpoint checkpoint, Instant readAt) {}

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ChangeSignals changes;
  // by key hash; only active keys (an unknown key is read every time, so that random keys cannot
  // fill it); cleared on this node after a change commits and on every other node by its signal
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  // a key read while a change commits is not cached: the read may predate the change
  private final AtomicLong generation = new AtomicLong();

  CheckpointKeys(JdbcClient jdbc, Clock clock, ChangeSignals changes) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.changes = changes;
    changes.onChange(
        CHANGED,
        () -> {
          generation.incrementAndGet();
          cache.clear();
        });
  }

  @Override
  public String header() {
    return "X-Checkpoint-Key";
  }

  @Override
  public Optional<Caller.Checkpoint> resolve(String credential) {
    String hash = Tokens.hash(credential);
    Instant now = clock.instant();
    // from memory only while this node hears every node's changes (its LISTEN connection is up):
    // a key revoked on another node stops here within the NOTIFY's delivery, milliseconds
    Cached cached = changes.listening() ? cache.get(hash) : null;
    if (cached != null
        && !now.isBefore(cached.readAt())
        && now.isBefore(cached.readAt().plus(CACHE))) {
      return Optional.of(cached.checkpoint());
    }
    long before = generation.get();
    Optional<Caller.Checkpoint> read = read(hash);
    if (read.isPresent() && generation.get() == before) {
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
      cache.put(hash, new Cached(read.get(), now));
    } else {
      cache.remove(hash);
    }
    return read;
  }

  private Optional<Caller.Checkpoint> read(String keyHash) {
    return jdbc.sql(
            """
        select id, real_name_allowed, checkpoint_types, station from checkpoint_key
        where key_hash = ? and revoked_at is null""")
        .param(keyHash)
        .query(
            (rs, row) ->
                new Caller.Checkpoint(
                    rs.getString("id"),
                    rs.getBoolean("real_name_allowed"),
                    CheckpointType.read(rs.getString("checkpoint_types")),
                    rs.getString("station")))
        .optional();
  }

  /** A checkpoint system's roles: the types it may act as, and its station or train code. */
  public record Roles(Set<CheckpointType> checkpointTypes, String station) {
    public Roles {
      if (checkpointTypes == null || checkpointTypes.isEmpty()) {
        throw new IllegalArgumentException("a checkpoint acts as at least one type");
      }
      checkpointTypes = Set.copyOf(checkpointTypes);
    }

    /** Every type (the demo key; keys registered before roles existed). */
    public static Roles every(String station) {
      return new Roles(EnumSet.allOf(CheckpointType.class), station);
    }
  }

  /**
   * Registers a checkpoint system's key (idempotent by id) that may act as every checkpoint type
   * and names no station: what a key registered before roles existed can do.
   */
  public void register(String id, String key, String description, boolean realNameAllowed) {
    register(id, key, description, realNameAllowed, Roles.every(null));
  }

  /** Registers a checkpoint system's key with its roles (idempotent by id). */
  @Transactional
  public void register(
      String id, String key, String description, boolean realNameAllowed, Roles roles) {
    if (exists(id)) {
      return;
    }
    jdbc.sql(
            """
        insert into checkpoint_key (id, key_hash, description, real_name_allowed,
          checkpoint_types, station, created_at)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            Tokens.hash(key),
            description,
            realNameAllowed,
            CheckpointType.store(roles.checkpointTypes()),
            roles.station(),
            Timestamp.from(clock.instant()))
        .update();
    changes.changed(CHANGED);
  }

  /**
   * Changes what an active key may do, effective with its next request; false when there is no such
   * active key.
   */
  @Transactional
  public boolean changeRoles(String id, boolean realNameAllowed, Roles roles) {
    changes.changed(CHANGED);
    return jdbc.sql(
                """
        update checkpoint_key set real_name_allowed = ?, checkpoint_types = ?, station = ?
        where id = ? and revoked_at is null""")
            .params(
                realNameAllowed, CheckpointType.store(roles.checkpointTypes()), roles.station(), id)
            .update()
        == 1;
  }

  /** A registered checkpoint system, without its key (only the hash is stored). */
  public record Registered(
      String id,
      String description,
      boolean realNameAllowed,
      List<String> checkpointTypes,
      String station,
      Instant createdAt,
      Instant revokedAt) {}

  public List<Registered> list() {
    return jdbc.sql(
            """
        select id, description, real_name_allowed, checkpoint_types, station, created_at,
          revoked_at
        from checkpoint_key order by created_at, id""")
        .query(CheckpointKeys::registered)
        .list();
  }

  public Optional<Registered> find(String id) {
    return jdbc.sql(
            """
        select id, description, real_name_allowed, checkpoint_types, station, created_at,
          revoked_at
        from checkpoint_key where id = ?""")
        .param(id)
        .query(CheckpointKeys::registered)
        .optional();
  }

  private static Registered registered(ResultSet rs, int row) throws SQLException {
    return new Registered(
        rs.getString("id"),
        rs.getString("description"),
        rs.getBoolean("real_name_allowed"),
        CheckpointType.read(rs.getString("checkpoint_types")).stream()
            .map(CheckpointType::valueOf)
            .sorted()
            .map(Enum::name)
            .toList(),
        rs.getString("station"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
  }

  /** Revokes a checkpoint system's key; false when there is no such active key. */
  @Transactional
  public boolean revoke(String id) {
    changes.changed(CHANGED); // every node forgets its cached keys when this commits
    return jdbc.sql("update checkpoint_key set revoked_at = ? where id = ? and revoked_at is null")
            .params(Timestamp.from(clock.instant()), id)
            .update()
        == 1;
  }

  public boolean exists(String id) {
    return jdbc.sql("select count(*) from checkpoint_key where id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }
}
