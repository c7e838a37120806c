package cn.railway.tempid.account;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Retention of the account feature: expired access tokens. */
@Component
@Order(60)
class AccountPersonalData implements PersonalDataEraser {
  private final JdbcClient jdbc;

  AccountPersonalData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of("access_token");
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of(
        "passenger_account",
        "the passenger's own account (encrypted identity, person key), kept while the account"
            + " exists; it is not a case");
  }

  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    jdbc.sql("delete from access_token where expires_at < ?")
        .param(Timestamp.from(before))
        .update();
  }
}
