package cn.railway.tempid.assurance;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Retention of failed face checks: their ids and codes stay, the person key goes. */
@Component
@Order(40)
class FaceCheckPersonalData implements PersonalDataEraser {
  private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

  FaceCheckPersonalData(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of("face_check_event");
  }

  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    jdbc.sql(
            """
        update face_check_event set person_key = null
        where occurred_at < ? and person_key is not null""")
        .param(Timestamp.from(before))
        .update();
  }
}
