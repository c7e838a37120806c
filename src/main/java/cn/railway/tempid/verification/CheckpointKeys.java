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
    return jdbc.sql("""
        select id, real_name_allowed from checkpoint_key
        where key_hash = ? and revoked_at is null""")
        .param(Tokens.hash(credential))
        .query((rs, row) -> new Caller.Checkpoint(rs.getString("id"),
            rs.getBoolean("real_name_allowed")))
        .optional();
  }

  /** Registers a checkpoint system's key (idempotent by id). */
  @Transactional
  public void register(String id, String key, String description, boolean realNameAllowed) {
    if (jdbc.sql("select count(*) from checkpoint_key where id = ?").param(id)
        .query(Long.class).single() > 0) {
      return;
    }
    jdbc.sql("""
        insert into checkpoint_key (id, key_hash, description, real_name_allowed, created_at)
        values (?, ?, ?, ?, ?)""")
        .params(id, Tokens.hash(key), description, realNameAllowed, Timestamp.from(clock.instant()))
        .update();
  }
}
