package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.railway.tempid.retention.PersonalDataPurge;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The holder's check log (issue 10, API.md "check log"): when, checkpoint type, station and result
 * of every online check of their certificate, newest first, and an IMPOSSIBLE_TRAVEL alert when two
 * accepted checks are farther apart than the fastest train could go in the time between.
 */
@ApplicationTest
class CheckLogTest {
  @Autowired ShownCertificates shown;
  @Autowired Passengers passengers;
  @Autowired AdjustableClock clock;
  @Autowired MeterRegistry meters;
  @Autowired PersonalDataPurge purge;
  @Autowired JdbcClient jdbc;
  @Autowired CheckLog checkLog;

  /** A key of a checkpoint system at another station, registered by the demo administrator. */
  String keyAt(String station, String... types) throws Exception {
    Answer registered =
        passengers.postJson(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                "checklog-" + station + "-" + UUID.randomUUID().toString().substring(0, 8),
                "description",
                "gates at " + station,
                "realNameAllowed",
                false,
                "checkpointTypes",
                List.of(types),
                "station",
                station),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(201);
    return registered.text("key");
  }

  Answer checks(Shown s) throws Exception {
    return passengers.get(
        "/api/v1/certificates/" + s.certificateId() + "/checks",
        "X-Applicant-Token",
        s.applicantToken());
  }

  /** An accepted check of {@code s} as the verification writer hands it to the check log. */
  static CheckLog.Entry accepted(Shown s, String type, String station, Instant at) {
    return new CheckLog.Entry(s.certificateId(), type, station, "ACCEPTED", null, at);
  }

  double alertsCounted() {
    Counter c = meters.find("tempid.checks.alerts").tag("code", "IMPOSSIBLE_TRAVEL").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void theHolderSeesWhenWhereAndHowTheirCertificateWasChecked_newestFirst() throws Exception {
    Shown s = shown.issueAndShow("吴十");
    String tianjin = keyAt("TJP", "EXIT_GATE", "ON_TRAIN");
    String frame = shown.frame(s);
    Instant first = clock.instant();
    assertThat(
            shown
                .verify(ShownCertificates.DEMO_CHECKPOINT_KEY, frame, "gate-7", "ENTRY_GATE", null)
                .text("result"))
        .isEqualTo("ACCEPTED");
    clock.advance(Duration.ofMinutes(20));
    String later = shown.frame(s);
    assertThat(shown.verify(tianjin, later, "train-coach-3", "ON_TRAIN", null).text("result"))
        .isEqualTo("ACCEPTED");
    clock.advance(Duration.ofMinutes(15));
    assertThat(shown.verify(tianjin, later, "exit-2", "EXIT_GATE", null).text("reason"))
        .as("a frame of a past minute")
        .isEqualTo("FRAME_EXPIRED");

    Answer log = checks(s);
    assertThat(log.status()).isEqualTo(200);
    JsonNode items = log.body().path("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).path("checkpointType").asText()).isEqualTo("EXIT_GATE");
    assertThat(items.get(0).path("station").asText()).isEqualTo("TJP");
    assertThat(items.get(0).path("result").asText()).isEqualTo("REJECTED");
    assertThat(items.get(1).path("checkpointType").asText()).isEqualTo("ON_TRAIN");
    assertThat(items.get(1).path("result").asText()).isEqualTo("ACCEPTED");
    assertThat(items.get(2).path("checkpointType").asText()).isEqualTo("ENTRY_GATE");
    assertThat(items.get(2).path("station").asText()).isEqualTo("BJP");
    assertThat(Instant.parse(items.get(2).path("checkedAt").asText()))
        .isBetween(first.minusMillis(1), first.plusSeconds(5));
    List<String> fields = new ArrayList<>();
    items.get(0).fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder("checkedAt", "checkpointType", "station", "result");
    assertThat(log.body().toString())
        .as("no device, key or holder in the log")
        .doesNotContain("gate-7", "train-coach-3", "checklog-", s.idNumber(), s.name());
    assertThat(log.body().path("alerts")).as("Beijing to Tianjin in 20 minutes is fine").isEmpty();

    Shown other = shown.issueAndShow("吴十");
    assertThat(
            passengers
                .get(
                    "/api/v1/certificates/" + s.certificateId() + "/checks",
                    "X-Applicant-Token",
                    other.applicantToken())
                .status())
        .isEqualTo(404);
    assertThat(checks(other).body().path("items")).isEmpty();
  }

  @Test
  void twoAcceptedChecksTooFarApartForTheTimeBetween_raiseAnImpossibleTravelAlert()
      throws Exception {
    Shown s = shown.issueAndShow("郑十一");
    String shanghai = keyAt("SHH", "ENTRY_GATE");
    double before = alertsCounted();
    assertThat(
            shown
                .verify(
                    ShownCertificates.DEMO_CHECKPOINT_KEY,
                    shown.frame(s),
                    "gate-1",
                    "ENTRY_GATE",
                    null)
                .text("result"))
        .isEqualTo("ACCEPTED");
    clock.advance(Duration.ofMinutes(25));
    Instant detected = clock.instant();
    assertThat(shown.verify(shanghai, shown.frame(s), "gate-9", "ENTRY_GATE", null).text("result"))
        .as("the check itself still answers; the alert is for the holder and operators")
        .isEqualTo("ACCEPTED");

    JsonNode alerts = checks(s).body().path("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("code").asText()).isEqualTo("IMPOSSIBLE_TRAVEL");
    assertThat(Instant.parse(alerts.get(0).path("detectedAt").asText()))
        .isBetween(detected.minusMillis(1), detected.plusSeconds(5));
    assertThat(alertsCounted()).isEqualTo(before + 1);
  }

  @Test
  void twoAcceptedChecksWrittenInOneBatch_areComparedWithEachOther() throws Exception {
    // the verification writer records many checks in one batch: the second must still be compared
    // with the first although neither was in the table when the batch began
    Shown s = shown.issueAndShow("郑十一");
    Instant t0 = clock.instant();
    checkLog.recordAll(
        List.of(
            accepted(s, "ENTRY_GATE", "BJP", t0),
            accepted(s, "ENTRY_GATE", "SHH", t0.plus(Duration.ofMinutes(30)))));
    Answer log = checks(s);
    assertThat(log.body().path("items")).hasSize(2);
    assertThat(log.body().path("alerts")).hasSize(1);
    assertThat(Instant.parse(log.body().path("alerts").get(0).path("detectedAt").asText()))
        .as("detected at the second check")
        .isCloseTo(t0.plus(Duration.ofMinutes(30)), within(1, ChronoUnit.MILLIS));
  }

  @Test
  void anOfflineCheckUploadedLate_betweenTwoRecordedOnes_isComparedWithBoth() throws Exception {
    Shown s = shown.issueAndShow("郑十一");
    Instant t0 = clock.instant();
    checkLog.recordAll(
        List.of(
            accepted(s, "ENTRY_GATE", "BJP", t0),
            accepted(s, "EXIT_GATE", "BJP", t0.plus(Duration.ofHours(2)))));
    assertThat(checks(s).body().path("alerts")).as("both in Beijing").isEmpty();
    // an on-train scan in Shanghai an hour after the first, uploaded after both: 1,200 km in an
    // hour is impossible whichever Beijing check it is compared with
    checkLog.recordAll(List.of(accepted(s, "ON_TRAIN", "SHH", t0.plus(Duration.ofHours(1)))));
    assertThat(checks(s).body().path("alerts")).hasSize(1);
    assertThat(checks(s).body().path("items")).hasSize(3);
  }

  @Test
  void aLateCheckBetweenRecordedOnes_isComparedWithTheNearestOfThem_notOnlyTheFirstAndLast()
      throws Exception {
    Shown s = shown.issueAndShow("郑十一");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // three Beijing checks; and two late uploads from Shanghai (about 1,070 km away), each 5 hours
    // from the first and the last Beijing check: only the middle one tells them apart
    checkLog.recordAll(
        List.of(
            accepted(s, "ENTRY_GATE", "BJP", t0),
            accepted(s, "EXIT_GATE", "BJP", t0.plus(Duration.ofHours(4))),
            accepted(s, "ENTRY_GATE", "BJP", t0.plus(Duration.ofHours(10)))));
    assertThat(span(s, "BJP")).containsExactly(t0, t0.plus(Duration.ofHours(10)));
    checkLog.recordAll(List.of(accepted(s, "ON_TRAIN", "SHH", t0.plus(Duration.ofHours(7)))));
    assertThat(checks(s).body().path("alerts")).as("three hours from the nearest: fine").isEmpty();
    checkLog.recordAll(
        List.of(accepted(s, "ON_TRAIN", "SHH", t0.plus(Duration.ofHours(4).plusMinutes(30)))));
    assertThat(checks(s).body().path("alerts"))
        .as("half an hour after the middle Beijing check")
        .hasSize(1);
    assertThat(span(s, "SHH"))
        .containsExactly(
            t0.plus(Duration.ofHours(4).plusMinutes(30)), t0.plus(Duration.ofHours(7)));
  }

  @Test
  void checksBeforeTheEarliest_widenTheSpan_andAreComparedWithIt() throws Exception {
    Shown s = shown.issueAndShow("郑十一");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    checkLog.recordAll(
        List.of(
            accepted(s, "ENTRY_GATE", "SHH", t0.plus(Duration.ofHours(1))),
            accepted(s, "EXIT_GATE", "SHH", t0.plus(Duration.ofHours(1)))));
    assertThat(span(s, "SHH"))
        .as("two checks of one station in one batch: one span")
        .containsExactly(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(1)));
    // an offline gate in Beijing uploads a scan made 40 minutes before the Shanghai ones
    checkLog.recordAll(
        List.of(
            accepted(s, "ENTRY_GATE", "BJP", t0.plus(Duration.ofMinutes(20))),
            new CheckLog.Entry(
                s.certificateId(), "ENTRY_GATE", "SHH", "REJECTED", "FRAME_EXPIRED", t0)));
    assertThat(checks(s).body().path("alerts")).hasSize(1);
    assertThat(span(s, "SHH"))
        .as("a rejected check is not in it")
        .containsExactly(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(1)));
    assertThat(span(s, "BJP"))
        .containsExactly(t0.plus(Duration.ofMinutes(20)), t0.plus(Duration.ofMinutes(20)));
  }

  @Test
  void aLateCheckBetween_isComparedWithAnEarlierCheckOfItsOwnBatch_notYetRecorded()
      throws Exception {
    Shown s = shown.issueAndShow("郑十一");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    checkLog.recordAll(List.of(accepted(s, "ENTRY_GATE", "BJP", t0)));
    // one batch: Beijing ten hours later, then a Shanghai scan half an hour before that; the
    // recorded Beijing check is 9.5 hours away (fine), the batch's own is 30 minutes away
    checkLog.recordAll(
        List.of(
            accepted(s, "EXIT_GATE", "BJP", t0.plus(Duration.ofHours(10))),
            accepted(s, "ON_TRAIN", "SHH", t0.plus(Duration.ofHours(9).plusMinutes(30)))));
    assertThat(checks(s).body().path("alerts")).hasSize(1);
  }

  /** The certificate's earliest and latest accepted check at the station (empty: none). */
  List<Instant> span(Shown s, String station) {
    return jdbc.sql(
            "select earliest, latest from certificate_station_span"
                + " where certificate_id = ? and station = ?")
        .params(s.certificateId(), station)
        .query((rs, row) -> List.of(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
        .optional()
        .orElse(List.of());
  }

  @Test
  void checksHoursApart_atDistantStations_areNoAlert() throws Exception {
    Shown s = shown.issueAndShow("冯十二");
    String guangzhou = keyAt("GZQ", "EXIT_GATE");
    shown.verify(ShownCertificates.DEMO_CHECKPOINT_KEY, shown.frame(s), "g", "ENTRY_GATE", null);
    // Beijing to Guangzhou is about 1,890 km: more than 350 km/h allows in 5 hours, not in 6
    clock.advance(Duration.ofHours(6));
    String session =
        passengers
            .postJson(
                "/api/v1/certificates/" + s.certificateId() + "/reverifications",
                Map.of(),
                "X-Applicant-Token",
                s.applicantToken())
            .text("sessionId");
    passengers.postJson("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS"));
    String view =
        passengers
            .postJson(
                "/api/v1/certificates/" + s.certificateId() + "/view-sessions",
                Map.of("livenessSessionId", session),
                "X-Applicant-Token",
                s.applicantToken())
            .text("viewSessionToken");
    Shown reopened =
        new Shown(
            s.name(), s.idNumber(), s.applicationId(), s.applicantToken(), s.certificateId(), view);
    assertThat(
            shown.verify(guangzhou, shown.frame(reopened), "x", "EXIT_GATE", null).text("result"))
        .isEqualTo("ACCEPTED");
    Answer log = checks(s);
    assertThat(log.body().path("items")).hasSize(2);
    assertThat(log.body().path("alerts")).isEmpty();
  }

  @Test
  void theCheckLogAndItsAlertsArePurgedWithTheCase() throws Exception {
    Shown s = shown.issueAndShow("陈十三");
    String shanghai = keyAt("AOH", "ENTRY_GATE");
    shown.verify(ShownCertificates.DEMO_CHECKPOINT_KEY, shown.frame(s), "g", "ENTRY_GATE", null);
    clock.advance(Duration.ofMinutes(10));
    shown.verify(shanghai, shown.frame(s), "g", "ENTRY_GATE", null);
    assertThat(count("certificate_check", s.certificateId())).isEqualTo(2);
    assertThat(count("certificate_alert", s.certificateId())).isEqualTo(1);
    assertThat(count("certificate_station_span", s.certificateId())).isEqualTo(2);

    clock.advance(Duration.ofDays(32));
    purge.purgeDue();
    assertThat(count("certificate_check", s.certificateId())).isZero();
    assertThat(count("certificate_station_span", s.certificateId())).isZero();
    assertThat(count("certificate_alert", s.certificateId())).isZero();
  }

  long count(String table, String certificateId) {
    return jdbc.sql("select count(*) from " + table + " where certificate_id = ?")
        .param(certificateId)
        .query(Long.class)
        .single();
  }
}
