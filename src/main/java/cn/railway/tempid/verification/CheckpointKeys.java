package cn.railway.tempid.verification;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import cn.railway.tempid.shared.persistence.Tokens;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keys of checkpoint systems ({@code X-Checkpoint-Key}), stored as hashes. A key may be allowed
 * real-name checks: ticket systems need the full ID number to find the passenger's ticket.
 */
@Component
public class CheckpointKeys implements CallerResolver {
  private final JdbcClient jdbc;
  private final Clock clock;

  CheckpointKeys(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public String header() {
    return "X-Checkpoint-Key";
  }

  @Override
  public Optional<Caller.Checkpoint> resolve(String credential) {
    return jdbc.sql(
            """
        select id, real_name_allowed from checkpoint_key
        where key_hash = ? and revoked_at is null""")
        .param(Tokens.hash(credential))
        .query(
            (rs, row) ->
                new Caller.Checkpoint(rs.getString("id"), rs.getBoolean("real_name_allowed")))
        .optional();
  }

  /** Registers a checkpoint system's key (idempotent by id). */
  @Transactional
  public void register(String id, String key, String description, boolean realNameAllowed) {
    if (jdbc.sql("select count(*) from checkpoint_key where id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0) {
      return;
    }
    jdbc.sql(
            """
        insert into checkpoint_key (id, key_hash, description, real_name_allowed, created_at)
        values (?, ?, ?, ?, ?)""")
        .params(id, Tokens.hash(key), description, realNameAllowed, Timestamp.from(clock.instant()))
        .update();
  }

  /** A registered checkpoint system, without its key (only the hash is stored). */
  public record Registered(
      String id,
      String description,
      boolean realNameAllowed,
      java.time.Instant createdAt,
      java.time.Instant revokedAt) {}

  public java.util.List<Registered> list() {
    return jdbc.sql(
            """
        select id, description, real_name_allowed, created_at, revoked_at from checkpoint_key
        order by created_at""")
        .query(
            (rs, row) ->
                new Registered(
                    rs.getString("id"),
                    rs.getString("description"),
                    rs.getBoolean("real_name_allowed"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("revoked_at") == null
                        ? null
                        : rs.getTimestamp("revoked_at").toInstant()))
        .list();
  }

  /** Revokes a checkpoint system's key; false when there is no such active key. */
  @Transactional
  public boolean revoke(String id) {
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
