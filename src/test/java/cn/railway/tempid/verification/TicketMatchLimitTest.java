package cn.railway.tempid.verification;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import cn.railway.tempid.support.TestIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code ticketIdNumber} is no ID-number oracle (API.md "Checkpoints"): a checkpoint key that sends
 * candidate numbers against one live frame gets three wrong answers per certificate and window (the
 * default {@code tempid.checks.ticket-match}: 3 misses per fixed 10-minute window, any checkpoint),
 * then {@code 429 TICKET_MATCH_LIMITED} for every ticket match of that certificate, the right
 * number included, while plain checks of it go on; the holder sees one {@code TICKET_MATCH_PROBING}
 * alert.
 */
@ApplicationTest
class TicketMatchLimitTest {
  static final String DEMO_KEY = ShownCertificates.DEMO_CHECKPOINT_KEY;
  static final Duration WINDOW = Duration.ofMinutes(10);

  @Autowired ShownCertificates certificates;
  @Autowired Passengers passengers;
  @Autowired Http http;
  @Autowired AdjustableClock clock;
  @Autowired MeterRegistry meters;

  /** Moves the clock to just after the start of the next fixed window, so a test stays in one. */
  void startOfNextWindow() {
    long now = clock.millis();
    long size = WINDOW.toMillis();
    clock.advance(Duration.ofMillis((now / size + 1) * size - now + 100));
  }

  /**
   * A second checkpoint system with its own key that may do ticket matches (at the same station, so
   * that no impossible-travel alert mixes in).
   */
  String anotherCheckpointSystem() throws Exception {
    Answer registered =
        passengers.postJson(
            "/api/v1/checkpoint-keys",
            Map.of(
                "id",
                "ticket-match-" + UUID.randomUUID().toString().substring(0, 8),
                "description",
                "ticket windows of another system",
                "realNameAllowed",
                false,
                "checkpointTypes",
                List.of("TICKET_WINDOW", "ENTRY_GATE"),
                "station",
                "BJP"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(201);
    return registered.text("key");
  }

  /** {@code POST /verifications} with the whole response (headers too). */
  Http.Response verify(String key, String frame, String type, String ticketIdNumber)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", frame);
    body.put("checkpoint", Map.of("id", "device-" + type, "type", type));
    if (ticketIdNumber != null) {
      body.put("ticketIdNumber", ticketIdNumber);
    }
    return http.perform(
        MockMvcRequestBuilders.post("/api/v1/verifications")
            .contentType(MediaType.APPLICATION_JSON)
            .content(http.write(body)),
        "X-Checkpoint-Key",
        key);
  }

  /** An accepted check that answered the ticket match; returns the match. */
  static boolean matched(Http.Response r) {
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.text("result")).as("%s", r).isEqualTo("ACCEPTED");
    assertThat(r.body().path("ticketHolderMatches").isBoolean()).as("%s", r).isTrue();
    return r.body().path("ticketHolderMatches").asBoolean();
  }

  /** 429 TICKET_MATCH_LIMITED with Retry-After (at most the window) echoing no number. */
  static void assertLimited(Http.Response r, String... numbers) {
    JsonNode body = assertProblem(r, 429, "TICKET_MATCH_LIMITED");
    String header = r.servletResponse().getHeader("Retry-After");
    assertThat(header).as("Retry-After of %s", r).matches("[0-9]+");
    assertThat(Long.parseLong(header)).isBetween(1L, WINDOW.toSeconds());
    assertThat(body.path("retryAfterSeconds").asLong()).isEqualTo(Long.parseLong(header));
    for (String n : numbers) {
      assertThat(r.raw()).doesNotContain(n);
    }
  }

  JsonNode alerts(Shown s) throws Exception {
    Answer log =
        passengers.get(
            "/api/v1/certificates/" + s.certificateId() + "/checks",
            "X-Applicant-Token",
            s.applicantToken());
    assertThat(log.status()).isEqualTo(200);
    return log.body().path("alerts");
  }

  double probingAlertsCounted() {
    Counter c = meters.find("tempid.checks.alerts").tag("code", "TICKET_MATCH_PROBING").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void afterThreeWrongNumbers_everyTicketMatchOfTheCertificateIsRefused_untilTheWindowEnds()
      throws Exception {
    startOfNextWindow();
    Shown s = certificates.issueAndShow("冯十二");
    String secondKey = anotherCheckpointSystem();
    String frame = certificates.frame(s);
    double countedBefore = probingAlertsCounted();
    String guess1 = TestIdentities.randomIdNumber();
    String guess2 = TestIdentities.randomIdNumber();
    String guess3 = TestIdentities.randomIdNumber();
    String guess4 = TestIdentities.randomIdNumber();

    // three wrong numbers from two checkpoint systems' keys: answered, and counted together
    assertThat(matched(verify(DEMO_KEY, frame, "ENTRY_GATE", guess1))).isFalse();
    assertThat(matched(verify(secondKey, frame, "TICKET_WINDOW", guess2))).isFalse();
    assertThat(matched(verify(DEMO_KEY, frame, "TICKET_WINDOW", guess3))).isFalse();

    // the fourth is refused, and so is the right number: no yes/no left to learn from
    assertLimited(verify(secondKey, frame, "ENTRY_GATE", guess4), guess4, s.idNumber());
    assertLimited(verify(DEMO_KEY, frame, "ENTRY_GATE", s.idNumber()), s.idNumber());

    // the gate still works: a check without a ticket number is answered as ever
    Http.Response plain = verify(secondKey, frame, "ENTRY_GATE", null);
    assertThat(plain.status()).as("%s", plain).isEqualTo(200);
    assertThat(plain.text("result")).isEqualTo("ACCEPTED");
    assertThat(plain.body().has("ticketHolderMatches")).isFalse();

    // the limit is per certificate: another passenger's ticket match is unaffected
    Shown someoneElse = certificates.issueAndShow("冯十二");
    assertThat(
            matched(
                verify(
                    DEMO_KEY,
                    certificates.frame(someoneElse),
                    "ENTRY_GATE",
                    someoneElse.idNumber())))
        .isTrue();

    // one alert for the holder (not one per refused check), counted once for operators
    JsonNode alerts = alerts(s);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("code").asText()).isEqualTo("TICKET_MATCH_PROBING");
    assertThat(alerts(someoneElse)).isEmpty();
    assertThat(probingAlertsCounted()).isEqualTo(countedBefore + 1);

    // a window later the ticket match answers again
    clock.advance(WINDOW);
    Instant later = clock.instant();
    String fresh = certificates.frame(s);
    assertThat(matched(verify(DEMO_KEY, fresh, "TICKET_WINDOW", s.idNumber()))).isTrue();
    assertThat(matched(verify(secondKey, fresh, "TICKET_WINDOW", guess4))).isFalse();
    assertThat(alerts(s)).as("no new alert for one miss").hasSize(1);
    assertThat(Instant.parse(alerts(s).get(0).path("detectedAt").asText())).isBefore(later);
  }

  @Test
  void rightNumbersAreNotCounted_andDoNotResetTheCountOfWrongOnes() throws Exception {
    startOfNextWindow();
    Shown s = certificates.issueAndShow("褚十三");
    String frame = certificates.frame(s);

    // a ticket window matching the right passenger all day is never limited
    for (int i = 0; i < 5; i++) {
      assertThat(matched(verify(DEMO_KEY, frame, "TICKET_WINDOW", s.idNumber()))).isTrue();
    }
    // wrong numbers interleaved with right ones: the right ones do not wipe the wrong ones out
    for (int i = 0; i < 2; i++) {
      assertThat(matched(verify(DEMO_KEY, frame, "ENTRY_GATE", TestIdentities.randomIdNumber())))
          .isFalse();
      assertThat(matched(verify(DEMO_KEY, frame, "ENTRY_GATE", s.idNumber()))).isTrue();
    }
    assertThat(matched(verify(DEMO_KEY, frame, "ENTRY_GATE", TestIdentities.randomIdNumber())))
        .isFalse();
    assertLimited(verify(DEMO_KEY, frame, "ENTRY_GATE", s.idNumber()), s.idNumber());
  }
}
