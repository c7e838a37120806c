package cn.railway.tempid.liveness.simulated;

import cn.railway.tempid.liveness.LivenessProvider;
import cn.railway.tempid.liveness.LivenessProviderOrder;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.SimulatedCaptures;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deterministic stand-in for the face liveness provider, backed by a table. It behaves like the
 * real one at the port: sessions start PENDING, a capture is completed from outside (the demo
 * endpoint {@code POST /api/v1/demo/liveness/{sessionId}} plays the passenger's phone), the
 * provider then calls back, and the verdict is fetched by session id.
 *
 * <p>Outcomes and their default scores (overridable per capture): {@code PASS} → PASSED with
 * liveness 0.98 and face match 0.95; {@code FAIL} → FAILED (liveness 0.30); {@code SPOOF} → FAILED
 * (liveness 0.05, a presentation attack). Like a real provider it reports the scores and leaves the
 * decision to us: a {@code PASS} with a face-match score below the identity-assurance table's
 * threshold (e.g. 0.05: a live person who is someone else) is a failed face check everywhere. Its
 * own comparison with the ID photo is {@code NOT_COMPARED} unless a capture says otherwise.
 *
 * <p>Chosen explicitly with {@code tempid.liveness.provider=simulated} (the demo profile sets it);
 * the production profile refuses it without the staging switch (see {@code ProviderChoice}).
 */
@Component
@LivenessProviderOrder.ConditionalOnLivenessProvider(SimulatedLivenessProvider.NAME)
public class SimulatedLivenessProvider implements LivenessProvider, SimulatedCaptures {
  static final String NAME = "simulated";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final LivenessService callbackTarget;

  SimulatedLivenessProvider(
      JdbcClient jdbc,
      Clock clock,
      @org.springframework.context.annotation.Lazy LivenessService callbackTarget) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.callbackTarget = callbackTarget;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String startSession(Subject subject) {
    String id = "sim-" + UUID.randomUUID();
    jdbc.sql(
            """
        insert into sim_liveness_session (provider_session_id, status, created_at)
        values (?, 'CREATED', ?)""")
        .params(id, Timestamp.from(clock.instant()))
        .update();
    return id;
  }

  @Override
  public Result fetchResult(String providerSessionId) {
    return jdbc.sql("select * from sim_liveness_session where provider_session_id = ?")
        .param(providerSessionId)
        .query(
            (rs, row) -> {
              if (!"COMPLETED".equals(rs.getString("status"))) {
                return new Result(Verdict.PENDING, null, null);
              }
              Verdict verdict =
                  "PASS".equals(rs.getString("outcome")) ? Verdict.PASSED : Verdict.FAILED;
              String comparison = rs.getString("authority_comparison");
              return new Result(
                  verdict,
                  rs.getBigDecimal("liveness_score"),
                  rs.getBigDecimal("face_match_score"),
                  comparison == null ? Comparison.NOT_COMPARED : Comparison.valueOf(comparison));
            })
        .optional()
        .orElseThrow(() -> new ProviderUnavailableException("unknown provider session"));
  }

  /**
   * Completes a capture as the passenger's phone would, then calls back. Returns false when the
   * session is unknown or already completed.
   */
  @Override
  @Transactional
  public boolean completeCapture(
      String providerSessionId,
      Outcome outcome,
      BigDecimal livenessScore,
      BigDecimal faceMatchScore,
      Comparison authorityComparison) {
    BigDecimal liveness =
        Optional.ofNullable(livenessScore)
            .orElse(
                switch (outcome) {
                  case PASS -> new BigDecimal("0.98");
                  case FAIL -> new BigDecimal("0.30");
                  case SPOOF -> new BigDecimal("0.05");
                });
    BigDecimal face =
        outcome == Outcome.PASS
            ? Optional.ofNullable(faceMatchScore).orElse(new BigDecimal("0.95"))
            : faceMatchScore;
    int updated =
        jdbc.sql(
                """
        update sim_liveness_session
        set status = 'COMPLETED', outcome = ?, liveness_score = ?, face_match_score = ?,
          authority_comparison = ?, completed_at = ?
        where provider_session_id = ? and status = 'CREATED'""")
            .params(
                outcome.name(),
                liveness,
                face,
                authorityComparison == null ? null : authorityComparison.name(),
                Timestamp.from(clock.instant()),
                providerSessionId)
            .update();
    if (updated == 0) {
      return false;
    }
    callbackTarget.captureCompleted(providerSessionId);
    return true;
  }
}
