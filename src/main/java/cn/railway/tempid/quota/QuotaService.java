package cn.railway.tempid.quota;

import cn.railway.tempid.rules.DecisionContract;
import cn.railway.tempid.rules.DecisionRules;
import cn.railway.tempid.shared.problem.Refusal;
import cn.railway.tempid.shared.time.ClockConfiguration;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * R8 and R17: how many certificates a person may get per natural month (Asia/Shanghai), decided by
 * the {@code quota} DMN table, and the ledger of reservations. A reservation is made when an
 * application passes the pre-checks, consumed when its certificate is issued and released when it
 * ends without one. Callers hold the person's lock (see the application feature) while checking and
 * reserving, so the limit also holds under concurrent requests on several nodes.
 */
@Service
public class QuotaService {
  public enum Outcome {
    ALLOW(null),
    ACTIVE_CERTIFICATE_EXISTS(Refusal.ACTIVE_CERTIFICATE_EXISTS),
    QUOTA_EXCEEDED(Refusal.QUOTA_EXCEEDED);

    private final Refusal refusal;

    Outcome(Refusal refusal) {
      this.refusal = refusal;
    }

    /** The refusal of this outcome; empty for ALLOW. */
    public java.util.Optional<Refusal> refusal() {
      return java.util.Optional.ofNullable(refusal);
    }
  }

  public record Decision(Outcome outcome, int used, int limit) {}

  public record Usage(int used, int limit) {}

  private final JdbcClient jdbc;
  private final DecisionRules rules;
  private final Clock clock;

  QuotaService(JdbcClient jdbc, DecisionRules rules, Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * Decides the quota pre-check of an application for a person (recorded for the application);
   * {@code renewalWindowOpen} only matters if active.
   */
  public Decision check(
      String applicationId,
      String personKey,
      boolean activeCertificate,
      boolean renewalWindowOpen) {
    return decide(
        personKey,
        activeCertificate,
        renewalWindowOpen,
        inputs ->
            rules.evaluate(DecisionRules.DecisionFor.application(applicationId), "quota", inputs));
  }

  private Decision decide(
      String personKey,
      boolean activeCertificate,
      boolean renewalWindowOpen,
      java.util.function.Function<Map<String, Object>, Map<String, Object>> table) {
    int used = usedThisMonth(personKey);
    Map<String, Object> inputs =
        DecisionContract.QUOTA
            .supply()
            .put("activeCertificate", activeCertificate)
            .put("renewalWindowOpen", renewalWindowOpen)
            .put("usedThisMonth", used)
            .build();
    Map<String, Object> out = table.apply(inputs);
    return new Decision(
        Outcome.valueOf(out.get("outcome").toString()),
        used,
        ((Number) out.get("monthlyLimit")).intValue());
  }

  /** What a person has used of this month's quota, for display. */
  public Usage usage(String personKey) {
    Decision d =
        decide(personKey, false, false, inputs -> rules.evaluateForDisplay("quota", inputs));
    return new Usage(d.used(), d.limit());
  }

  public void reserve(String applicationId, String personKey) {
    Instant now = clock.instant();
    jdbc.sql(
            """
        insert into quota_reservation
          (application_id, person_key, quota_month, state, reserved_at, updated_at)
        values (?, ?, ?, 'RESERVED', ?, ?)""")
        .params(applicationId, personKey, month(now), Timestamp.from(now), Timestamp.from(now))
        .update();
  }

  /** The certificate was issued: the reservation counts in the month of issue (R8's unit). */
  public void consume(String applicationId) {
    Instant now = clock.instant();
    jdbc.sql(
            """
        update quota_reservation set state = 'CONSUMED', quota_month = ?, updated_at = ?
        where application_id = ? and state = 'RESERVED'""")
        .params(month(now), Timestamp.from(now), applicationId)
        .update();
  }

  /** The application ended without a certificate: its reservation no longer counts. */
  public void release(String applicationId) {
    jdbc.sql(
            """
        update quota_reservation set state = 'RELEASED', updated_at = ?
        where application_id = ? and state = 'RESERVED'""")
        .params(Timestamp.from(clock.instant()), applicationId)
        .update();
  }

  int usedThisMonth(String personKey) {
    return jdbc.sql(
            """
        select count(*) from quota_reservation
        where person_key = ? and quota_month = ? and state in ('RESERVED', 'CONSUMED')""")
        .params(personKey, month(clock.instant()))
        .query(Integer.class)
        .single();
  }

  static String month(Instant instant) {
    return YearMonth.from(instant.atZone(ClockConfiguration.CHINA)).toString();
  }
}
