package cn.railway.tempid.assurance;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.retention.PersonalDataPurge;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Operators;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failed face checks as security events: what operators see (ids and codes, a pseudonym of the
 * person, the lock), the metric, the log line without scores, the sliding window of the lock, an
 * operator lifting a lock, and the retention purge of the person key. Lookups of people without a
 * certificate are used: the events and the lock are the same whether or not one exists.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class FaceCheckEventsApiTest {
  @Autowired Http http;
  @Autowired AdjustableClock clock;
  @Autowired MeterRegistry meters;
  @Autowired Operators operators;
  @Autowired JdbcClient jdbc;
  @Autowired PersonalDataPurge purge;
  @Autowired org.camunda.bpm.engine.IdentityService identity;

  Http.Response lookup(String idNumber) throws Exception {
    return http.post(
        "/api/v1/certificates/lookup",
        Map.of("name", "欧阳锋", "idType", "RESIDENT_ID_CARD", "idNumber", idNumber));
  }

  /** A lookup whose face check ends with the given capture; returns the liveness session id. */
  String failedLookup(String idNumber, Map<String, Object> capture) throws Exception {
    Http.Response started = lookup(idNumber);
    assertThat(started.status()).as("%s", started).isEqualTo(202);
    String session = started.text("livenessSessionId");
    Http.Response done = http.post("/api/v1/demo/liveness/" + session, capture);
    assertThat(done.status()).as("%s", done).isEqualTo(204);
    // nothing revealed: 404, or 429 FACE_CHECKS_LOCKED once this failure locked the person
    assertThat(http.get("/api/v1/liveness/" + session + "/certificate").status()).isIn(404, 429);
    return session;
  }

  static Map<String, Object> someoneElse() {
    return Map.of("outcome", "PASS", "faceMatchScore", 0.05);
  }

  JsonNode events(String credentials) throws Exception {
    Http.Response r =
        http.get("/api/v1/operator/face-check-events?limit=500", "Authorization", credentials);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.body().path("items");
  }

  JsonNode eventOf(String livenessSessionId) throws Exception {
    return StreamSupport.stream(events(Http.DEMO_OPERATOR).spliterator(), false)
        .filter(e -> livenessSessionId.equals(e.path("livenessSessionId").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no event of " + livenessSessionId));
  }

  double failedCount(String purpose, String outcome, String reason) {
    var counter =
        meters
            .find("tempid.face_checks.failed")
            .tags("purpose", purpose, "outcome", outcome, "reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void
      operatorsSeeEachFailedFaceCheck_withCodesAndAPseudonym_countedInTheMetric_loggedWithoutScores(
          CapturedOutput output) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    double before = failedCount("LOOKUP", "REFUSE", "FACE_MISMATCH");
    double attacks = failedCount("LOOKUP", "REFUSE", "PRESENTATION_ATTACK");

    String mismatch = failedLookup(idNumber, someoneElse());
    String spoof = failedLookup(idNumber, Map.of("outcome", "SPOOF"));

    JsonNode first = eventOf(mismatch);
    assertThat(first.path("purpose").asText()).isEqualTo("LOOKUP");
    assertThat(first.path("outcome").asText()).isEqualTo("REFUSE");
    assertThat(first.path("reasonCode").asText()).isEqualTo("FACE_MISMATCH");
    assertThat(first.path("faceChecksLockedUntil").isNull())
        .as("two failures: not locked")
        .isTrue();
    JsonNode second = eventOf(spoof);
    assertThat(second.path("reasonCode").asText()).isEqualTo("PRESENTATION_ATTACK");
    assertThat(second.path("personRef").asText())
        .as("the events of one person share a pseudonym")
        .isEqualTo(first.path("personRef").asText())
        .isNotBlank();
    String all = events(Http.DEMO_OPERATOR).toString();
    assertThat(all).doesNotContain(idNumber, "欧阳锋", "faceMatchScore", "livenessScore");
    // the score as a number, not the digits of a time of day such as 21:49:10.052113
    assertThat(all).doesNotContainPattern("(?<![\\d.])0\\.05");

    assertThat(failedCount("LOOKUP", "REFUSE", "FACE_MISMATCH")).isEqualTo(before + 1);
    assertThat(failedCount("LOOKUP", "REFUSE", "PRESENTATION_ATTACK")).isEqualTo(attacks + 1);
    List<String> logged =
        output.getAll().lines().filter(l -> l.contains("Face check failed")).toList();
    assertThat(logged).anySatisfy(l -> assertThat(l).contains(mismatch, "FACE_MISMATCH"));
    assertThat(logged)
        .allSatisfy(
            l ->
                assertThat(l)
                    .doesNotContain("score", idNumber)
                    .doesNotContainPattern("(?<![\\d.])0\\.(05|98)"));
    // who may see the list: FaceCheckEventRequestContractTest, a web slice
  }

  @Test
  void theProvidersOwnMismatch_failsTheCheck_evenWithAHighScore() throws Exception {
    Map<String, Object> capture = new HashMap<>();
    capture.put("outcome", "PASS");
    capture.put("faceMatchScore", 0.99);
    capture.put("authorityComparison", "MISMATCH");
    String session = failedLookup(TestIdentities.randomIdNumber(), capture);
    assertThat(eventOf(session).path("reasonCode").asText()).isEqualTo("AUTHORITY_MISMATCH");
  }

  @Test
  void failuresFurtherApartThanTheWindow_doNotLock_threeWithinItDo_andAnOperatorLiftsTheLock()
      throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    failedLookup(idNumber, someoneElse());
    failedLookup(idNumber, someoneElse());
    clock.advance(Duration.ofMinutes(61));
    String third = failedLookup(idNumber, someoneElse());
    assertThat(lookup(idNumber).status()).as("the first two are outside the hour").isEqualTo(202);

    // with the third one above, three within the hour
    failedLookup(idNumber, someoneElse());
    failedLookup(idNumber, someoneElse());
    Http.Response locked = lookup(idNumber);
    assertProblem(locked, 429, "FACE_CHECKS_LOCKED");
    assertThat(locked.body().path("guidance").asText()).isEqualTo("STATION_POLICE_WINDOW");
    assertThat(eventOf(third).path("faceChecksLockedUntil").asText()).isNotBlank();

    // an operator who is neither reviewer nor administrator: FaceCheckEventRequestContractTest
    String reviewer = operators.newUser();
    identity.createMembership(reviewer, "reviewers");
    Http.Response lifted =
        http.post(
            "/api/v1/operator/face-check-events/"
                + eventOf(third).path("eventId").asText()
                + "/lift-lock",
            Map.of(),
            "Authorization",
            Http.basic(reviewer, Operators.PASSWORD));
    assertThat(lifted.status()).as("%s", lifted).isEqualTo(200);
    assertThat(lookup(idNumber).status()).as("lifted").isEqualTo(202);
    JsonNode after = eventOf(third);
    assertThat(after.path("liftedBy").asText()).isEqualTo(reviewer);
    assertThat(after.path("faceChecksLockedUntil").isNull()).isTrue();

    assertThat(
            http.post(
                    "/api/v1/operator/face-check-events/no-such-event/lift-lock",
                    Map.of(),
                    "Authorization",
                    Http.DEMO_OPERATOR)
                .status())
        .isEqualTo(404);
  }

  @Test
  void afterTheRetentionPeriod_aFailedFaceCheckKeepsItsCodes_butNotThePersonKey() throws Exception {
    String session = failedLookup(TestIdentities.randomIdNumber(), someoneElse());
    clock.advance(Duration.ofDays(32));
    purge.purgeDue();
    Map<String, Object> row =
        jdbc.sql(
                "select person_key, reason_code from face_check_event where liveness_session_id = ?")
            .param(session)
            .query()
            .singleRow();
    assertThat(row.get("PERSON_KEY")).isNull();
    assertThat(row.get("REASON_CODE")).isEqualTo("FACE_MISMATCH");
  }
}
