package cn.railway.tempid.verification;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Retention of the verification feature: where and when a certificate's frames were seen. */
@Component
@Order(10)
class SightingPersonalData implements PersonalDataEraser {
  private final JdbcClient jdbc;

  SightingPersonalData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of("frame_sighting");
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of(
        "checkpoint_key", "a checkpoint device's key hash and station: about a device, no person");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    if (!cases.certificateIds().isEmpty()) {
      jdbc.sql("delete from frame_sighting where certificate_id in (:certs)")
          .param("certs", cases.certificateIds())
          .update();
    }
  }

  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    jdbc.sql("delete from frame_sighting where seen_at < ?").param(Timestamp.from(before)).update();
  }
}
