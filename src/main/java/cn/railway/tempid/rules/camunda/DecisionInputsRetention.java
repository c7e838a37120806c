package cn.railway.tempid.rules.camunda;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention of the inputs recorded with each decision (scores, age, place: for the analysts'
 * replay): cleared once older than {@code tempid.retention.decision-inputs} (30 days, the replay's
 * period), and with the rest of a case's personal data when the case is purged. The record itself
 * (table, version, outcome, matched rule ids) stays as evidence: codes only.
 */
@Component
@Order(55)
class DecisionInputsRetention implements PersonalDataEraser {
  private final JdbcClient jdbc;
  private final Duration keep;

  DecisionInputsRetention(JdbcClient jdbc, RulesProperties properties) {
    this.jdbc = jdbc;
    this.keep = properties.retention().decisionInputs();
  }

  @Override
  public Set<String> erases() {
    return Set.of("decision_record");
  }

  @Override
  public void eraseCases(FinishedCases cases) {
    jdbc.sql(
            "update decision_record set inputs = null"
                + " where application_id in (:ids) and inputs is not null")
        .param("ids", cases.applicationIds())
        .update();
  }

  /**
   * Per decision key, so that PostgreSQL's partial index ({@code decision_key, decided_at} where
   * inputs are kept) finds the due rows without reading the years of records.
   */
  @Override
  public void eraseLeftovers(Instant now, Instant before) {
    Timestamp cutoff = Timestamp.from(now.minus(keep));
    for (String key :
        jdbc.sql("select distinct key_ from act_re_decision_def").query(String.class).list()) {
      jdbc.sql(
              "update decision_record set inputs = null"
                  + " where decision_key = ? and decided_at < ? and inputs is not null")
          .params(key, cutoff)
          .update();
    }
  }
}
