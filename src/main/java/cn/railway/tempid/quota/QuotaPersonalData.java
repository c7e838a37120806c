package cn.railway.tempid.quota;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Retention of the quota ledger: a reservation keeps its month and state, not whose it was. */
@Component
@Order(50)
class QuotaPersonalData implements PersonalDataEraser {
  private final JdbcClient jdbc;

  QuotaPersonalData(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Set<String> erases() {
    return Set.of("quota_reservation");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    jdbc.sql("update quota_reservation set person_key = null where application_id in (:ids)")
        .param("ids", cases.applicationIds())
        .update();
  }
}
