package cn.railway.tempid.retention;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.Accounts;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retention: 31 days after a finished case its personal data is gone, a non-personal stub stays,
 * and younger cases are untouched. The purge is decided by the one clock (moved here).
 */
@ApplicationTest
class RetentionPurgeTest {
  @Autowired Http http;
  @Autowired cn.railway.tempid.shared.privacy.PersonKeys personKeys;
  @Autowired Passengers passengers;
  @Autowired Accounts accounts;
  @Autowired AdjustableClock clock;
  @Autowired PersonalDataPurge purge;
  @Autowired JdbcClient jdbc;
  @Autowired List<PersonalDataEraser> erasers;

  /**
   * A column holds personal data when it is encrypted ({@code *_enc}), a hash ({@code *_hash}: of a
   * token, a frame, a caller or a body), the person key, a masked value, a place ({@code province},
   * {@code city}, {@code station}) or a face score.
   */
  static final Pattern PERSONAL_COLUMN =
      Pattern.compile(
          "(?i)(\\w+_enc|\\w+_hash|person_key|masked_\\w+|province|city|station|\\w+_score)");

  static final Pattern CREATE_TABLE =
      Pattern.compile("(?is)create table (\\w+)\\s*\\((.*?)\\n\\);");
  static final Pattern ADD_COLUMN =
      Pattern.compile("(?i)alter table (\\w+) add column (?:if not exists )?(\\w+)");

  /** Every table with a personal column, from the migrations (table → its personal columns). */
  static Map<String, Set<String>> personalColumnsBySchema() throws IOException {
    Map<String, Set<String>> personal = new TreeMap<>();
    Resource[] migrations =
        new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql");
    assertThat(migrations).isNotEmpty();
    for (Resource migration : migrations) {
      String sql =
          new String(migration.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .replaceAll("--[^\\n]*", "");
      Matcher table = CREATE_TABLE.matcher(sql);
      while (table.find()) {
        for (String line : table.group(2).split(",\\s*\\n")) {
          String column = line.trim().split("\\s+")[0];
          if (PERSONAL_COLUMN.matcher(column).matches()) {
            personal
                .computeIfAbsent(table.group(1).toLowerCase(), t -> new TreeSet<>())
                .add(column);
          }
        }
      }
      Matcher added = ADD_COLUMN.matcher(sql);
      while (added.find()) {
        if (PERSONAL_COLUMN.matcher(added.group(2)).matches()) {
          personal
              .computeIfAbsent(added.group(1).toLowerCase(), t -> new TreeSet<>())
              .add(added.group(2));
        }
      }
    }
    return personal;
  }

  @Test
  void everyTableWithAPersonalColumn_isErasedOrKeptWithAReason_byExactlyOneFeature()
      throws IOException {
    Map<String, Set<String>> personal = personalColumnsBySchema();
    assertThat(personal)
        .as("the schema scan finds the known personal tables")
        .containsKeys("application", "certificate", "liveness_session", "guardian_consent");
    Map<String, List<String>> coveredBy = new HashMap<>();
    for (PersonalDataEraser eraser : erasers) {
      String owner = eraser.getClass().getName();
      eraser.erases().forEach(t -> coveredBy.computeIfAbsent(t, k -> new ArrayList<>()).add(owner));
      eraser
          .keeps()
          .forEach(
              (t, why) -> {
                assertThat(why).as("why %s keeps %s", owner, t).isNotBlank();
                coveredBy.computeIfAbsent(t, k -> new ArrayList<>()).add(owner);
              });
    }
    assertThat(personal.keySet())
        .allSatisfy(
            table ->
                assertThat(coveredBy.get(table))
                    .as("erasers of %s (personal columns %s)", table, personal.get(table))
                    .hasSize(1));
  }

  record Case(String applicationId, String certificateId, String session, String[] auth) {}

  Case issuedTo(String[] auth, Map<String, Object> body) throws Exception {
    Http.Response submitted = http.post("/api/v1/applications", body, auth);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    String id = submitted.text("applicationId");
    String session = submitted.body().path("liveness").path("sessionId").asText();
    String[] owner =
        auth.length > 0
            ? auth
            : new String[] {"X-Applicant-Token", submitted.text("applicantToken")};
    passengers.completeLiveness(id, session, "PASS", 0.97, 0.93);
    Http.Response app = http.get("/api/v1/applications/" + id, owner);
    assertThat(app.text("status")).isEqualTo("ISSUED");
    return new Case(id, app.text("certificateId"), session, owner);
  }

  Map<String, Object> row(String table, String id) {
    return jdbc.sql("select * from " + table + " where id = ?").param(id).query().singleRow();
  }

  long count(String sql, String id) {
    return jdbc.sql(sql).param(id).query(Long.class).single();
  }

  @Test
  void after31Days_aFinishedCaseKeepsOnlyANonPersonalStub_andA10DayOldCaseIsUntouched()
      throws Exception {
    // an old case of a registered passenger, used at a checkpoint
    Accounts.Passenger p = accounts.registered("周老");
    Case old =
        issuedTo(
            p.bearer(),
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS));
    Http.Response view =
        http.post(
            "/api/v1/certificates/" + old.certificateId() + "/view-sessions",
            Map.of("livenessSessionId", old.session()),
            old.auth());
    assertThat(view.status()).isEqualTo(201);
    String frame =
        http.get(
                "/api/v1/certificates/" + old.certificateId() + "/qr",
                "X-View-Session",
                view.text("viewSessionToken"))
            .text("token");
    assertThat(
            http.post(
                    "/api/v1/verifications",
                    Map.of(
                        "token",
                        frame,
                        "checkpoint",
                        Map.of("id", "gate-retention", "type", "ENTRY_GATE")),
                    "X-Checkpoint-Key",
                    "demo-checkpoint-key")
                .text("result"))
        .isEqualTo("ACCEPTED");

    clock.advance(Duration.ofDays(22));
    Accounts.Passenger q = accounts.registered("吴新");
    Case young =
        issuedTo(
            q.bearer(),
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS));
    clock.advance(Duration.ofDays(10));

    purge.purgeDue();

    Map<String, Object> a = row("application", old.applicationId());
    assertThat(a.get("PURGED_AT")).isNotNull();
    for (String column :
        new String[] {
          "NAME_ENC",
          "ID_NUMBER_ENC",
          "PERSON_KEY",
          "ACCOUNT_ID",
          "PROVINCE",
          "CITY",
          "REGISTRY_RESULT",
          "REGISTRY_FLAGS",
          "REVIEW_NOTE_ENC"
        }) {
      assertThat(a.get(column)).as(column).isNull();
    }
    assertThat(a.get("STATUS")).isEqualTo("ISSUED");
    assertThat(a.get("CERTIFICATE_ID")).isEqualTo(old.certificateId());
    assertThat(a.get("CREATED_AT")).isNotNull();
    assertThat(a.get("APPROVAL_DECISION")).isEqualTo("APPROVE");

    Map<String, Object> c = row("certificate", old.certificateId());
    assertThat(c.get("PURGED_AT")).isNotNull();
    for (String column :
        new String[] {"MASKED_NAME", "MASKED_ID_NUMBER", "ID_NUMBER_ENC", "PERSON_KEY"}) {
      assertThat(c.get(column)).as(column).isNull();
    }
    assertThat(c.get("EXPIRES_AT")).isNotNull();
    assertThat(
            count(
                "select count(*) from view_session where certificate_id = ?", old.certificateId()))
        .isZero();
    assertThat(
            count(
                "select count(*) from frame_sighting where certificate_id = ?",
                old.certificateId()))
        .isZero();
    assertThat(
            count(
                """
        select count(*) from liveness_session where application_id = ?
          and (liveness_score is not null or face_match_score is not null
            or person_key is not null)""",
                old.applicationId()))
        .isZero();
    assertThat(
            count(
                "select count(*) from quota_reservation where application_id = ?"
                    + " and person_key is not null",
                old.applicationId()))
        .isZero();
    assertThat(
            count(
                "select count(*) from consent_record where application_id = ?",
                old.applicationId()))
        .as("consent records hold no personal data and stay")
        .isEqualTo(3);

    // the API answers sensibly: the owner no longer finds the purged case, history still works
    String[] owner = {"Authorization", "Bearer " + accounts.login(p.username(), Accounts.PASSWORD)};
    Http.assertProblem(
        http.get("/api/v1/applications/" + old.applicationId(), owner), 404, "NOT_FOUND");
    Http.assertProblem(
        http.get("/api/v1/certificates/" + old.certificateId(), owner), 404, "NOT_FOUND");
    Http.Response history = http.get("/api/v1/me/applications", owner);
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.raw()).doesNotContain(old.applicationId());
    Http.Response stale =
        http.post(
            "/api/v1/verifications",
            Map.of(
                "token", frame, "checkpoint", Map.of("id", "gate-retention", "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            "demo-checkpoint-key");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.text("result")).isEqualTo("REJECTED");

    // the 10-day-old case is untouched
    Map<String, Object> y = row("application", young.applicationId());
    assertThat(y.get("PURGED_AT")).isNull();
    assertThat(y.get("NAME_ENC")).isNotNull();
    assertThat(y.get("ID_NUMBER_ENC")).isNotNull();
    assertThat(y.get("CITY")).isNotNull();
    assertThat(y.get("REGISTRY_RESULT")).isEqualTo("MATCH");
    assertThat(row("certificate", young.certificateId()).get("MASKED_NAME")).isEqualTo("吴*");
    Http.Response stillThere =
        http.get(
            "/api/v1/applications/" + young.applicationId(),
            "Authorization",
            "Bearer " + accounts.login(q.username(), Accounts.PASSWORD));
    assertThat(stillThere.status()).isEqualTo(200);
    assertThat(stillThere.text("maskedName")).isEqualTo("吴*");
    assertThat(
            count(
                """
        select count(*) from liveness_session where application_id = ?
          and face_match_score is not null""",
                young.applicationId()))
        .isEqualTo(1);

    // idempotent: nothing more to do for the old case
    Object purgedAt = a.get("PURGED_AT");
    purge.purgeDue();
    assertThat(row("application", old.applicationId()).get("PURGED_AT")).isEqualTo(purgedAt);
  }

  @Test
  void aCaseStillInFlight_isNeverPurged() throws Exception {
    Http.Response submitted =
        http.post(
            "/api/v1/applications",
            Passengers.guestApplication("郑在办", TestIdentities.randomIdNumber()));
    String id = submitted.text("applicationId");
    // simulate a case stuck in review far past the retention period
    jdbc.sql("update application set status = 'UNDER_REVIEW' where id = ?").param(id).update();
    clock.advance(Duration.ofDays(40));
    purge.purgeDue();
    assertThat(row("application", id).get("NAME_ENC")).isNotNull();
    jdbc.sql("update application set status = 'ABANDONED' where id = ?").param(id).update();
  }

  @Test
  void aGuestsPersonLockGoesWithTheirData_andTheyCanApplyAgain() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("冯七", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("冯七", idNumber);
    passengers.completeLiveness(
        submitted.text("applicationId"),
        submitted.body().path("liveness").path("sessionId").asText(),
        "PASS",
        null,
        null);
    String personKey = personKeys.personKey(idNumber);
    assertThat(
            jdbc.sql("select count(*) from person_lock where person_key = ?")
                .param(personKey)
                .query(Long.class)
                .single())
        .isEqualTo(1L);

    clock.advance(Duration.ofDays(32));
    purge.purgeDue();
    assertThat(
            jdbc.sql("select count(*) from person_lock where person_key = ?")
                .param(personKey)
                .query(Long.class)
                .single())
        .as("nothing of theirs is left")
        .isZero();

    assertThat(passengers.submitAsGuest("冯七", idNumber).status()).isEqualTo(201);
  }

  /**
   * The inputs recorded with each decision (for the analysts' replay: place, scores) are cleared
   * after 30 days ({@code tempid.retention.decision-inputs}), before the case itself is due; the
   * record, its outcome and the rule that decided stay as evidence.
   */
  @Test
  void decisionInputs_areClearedAfter30Days_whileTheRecordAndItsRuleStay() throws Exception {
    String older = refusedOutsideTheServiceArea("卫一");
    assertThat(decisionRecordOf(older).get("INPUTS").toString()).contains("\"mainland\":false");
    clock.advance(Duration.ofDays(29));
    String younger = refusedOutsideTheServiceArea("卫二");
    purge.purgeDue();
    assertThat(decisionRecordOf(older).get("INPUTS")).as("29 days: kept for replays").isNotNull();

    clock.advance(Duration.ofDays(1).plusHours(1));
    purge.purgeDue();
    Map<String, Object> old = decisionRecordOf(older);
    assertThat(old.get("INPUTS")).as("30 days and an hour").isNull();
    assertThat(old.get("OUTCOME")).isEqualTo("not_served");
    assertThat(old.get("RULE_IDS")).isEqualTo("Rule_ServiceArea_NotMainland");
    assertThat(row("application", older).get("PURGED_AT")).as("the case is not due yet").isNull();
    assertThat(decisionRecordOf(younger).get("INPUTS")).isNotNull();
  }

  /** Refused by the service-area table (Hong Kong): its one decision is recorded. */
  private String refusedOutsideTheServiceArea(String name) throws Exception {
    Map<String, Object> body =
        new HashMap<>(Passengers.guestApplication(name, TestIdentities.randomIdNumber()));
    body.put("location", Map.of("latitude", 22.3193, "longitude", 114.1694));
    Http.Response refused = http.post("/api/v1/applications", body);
    assertThat(refused.status()).as("%s", refused).isEqualTo(422);
    return refused.text("applicationId");
  }

  private Map<String, Object> decisionRecordOf(String applicationId) {
    return jdbc.sql("select * from decision_record where application_id = ?")
        .param(applicationId)
        .query()
        .singleRow();
  }
}
