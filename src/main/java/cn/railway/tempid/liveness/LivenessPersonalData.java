package cn.railway.tempid.liveness;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Retention of the liveness feature: the scores and person key of face-check sessions. */
@Component
@Order(30)
class LivenessPersonalData implements PersonalDataEraser {
  private static final String ERASE =
      "update liveness_session set liveness_score = null, face_match_score = null,"
          + " person_key = null ";

  private final JdbcClient jdbc;

  LivenessPersonalData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of("liveness_session");
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of(
        "sim_liveness_session",
        "the simulated provider's own scripted sessions (test faces); it refuses to run in"
            + " production");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    if (!cases.certificateIds().isEmpty()) {
      jdbc.sql(ERASE + " where certificate_id in (:certs)")
          .param("certs", cases.certificateIds())
          .update();
    }
    jdbc.sql(ERASE + " where application_id in (:ids)")
        .param("ids", cases.applicationIds())
        .update();
  }

  /** Sessions of no case (lookups) or of a case already purged, past the retention period. */
  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    jdbc.sql(
            ERASE
                + """
         where created_at < ? and person_key is not null
          and not exists (select 1 from application a
            where a.id = liveness_session.application_id and a.purged_at is null)""")
        .param(Timestamp.from(before))
        .update();
  }
}
