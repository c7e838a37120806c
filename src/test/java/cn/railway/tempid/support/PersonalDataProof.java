package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.retention.PersonalDataPurge;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The proof that personal data is never stored or logged in plain (docs/rules.md, "Privacy"), the
 * same on every database: full journeys with distinctive identities ({@link PrivacyJourneys}), a
 * retention purge, then {@link PersonalDataScanner} over the captured log output, the engine and
 * every table. Fails naming where and which kind of datum, never the datum.
 */
public final class PersonalDataProof {
  /** Loggers opened up for the proof: our code and Spring MVC (bodies read/written) to DEBUG. */
  private static final Map<String, LogLevel> LEVELS =
      Map.of(
          "cn.railway.tempid", LogLevel.DEBUG,
          "org.camunda.bpm", LogLevel.INFO,
          "org.camunda.bpm.engine.context", LogLevel.INFO,
          "org.springframework.web", LogLevel.DEBUG);

  /** Tables a scan must have read, so it cannot pass vacuously (a renamed schema, say). */
  static final List<String> MUST_SCAN =
      List.of(
          "APPLICATION",
          "CERTIFICATE",
          "PASSENGER_ACCOUNT",
          "SIM_REGISTRY_PERSON",
          "LIVENESS_SESSION",
          "VIEW_SESSION",
          "GUARDIAN_CONSENT",
          "CERTIFICATE_REVOCATION",
          "CERTIFICATE_CHECK",
          "FACE_CHECK_EVENT",
          "PERSONAL_DATA_ACCESS",
          "ACT_RU_VARIABLE",
          "ACT_HI_VARINST",
          "ACT_HI_DETAIL",
          "ACT_HI_PROCINST",
          "ACT_GE_BYTEARRAY",
          "ACT_RU_JOB",
          "ACT_HI_INCIDENT",
          "QRTZ_JOB_DETAILS",
          "QRTZ_TRIGGERS");

  private PersonalDataProof() {}

  /**
   * Runs the journeys and the scans; returns the scanner (its hits are asserted empty here).
   *
   * @param settle runs what is due for a business key (or nothing when the job executor is on)
   */
  public static PersonalDataScanner run(
      ApplicationContext context, HttpApi api, CapturedOutput output, Consumer<String> settle)
      throws Exception {
    PersonalDataScanner scanner = new PersonalDataScanner();
    LoggingSystem logging = context.getBean(LoggingSystem.class);
    Map<String, LogLevel> before = new LinkedHashMap<>();
    LEVELS.forEach(
        (logger, level) -> {
          LoggerConfiguration c = logging.getLoggerConfiguration(logger);
          before.put(logger, c == null ? null : c.getConfiguredLevel());
          logging.setLogLevel(logger, level);
        });
    try {
      String marker = "privacy-proof-" + System.nanoTime();
      LoggerFactory.getLogger("cn.railway.tempid.privacy").debug("{}: capture check", marker);
      assertThat(output.getAll()).as("DEBUG of our code is captured").contains(marker);

      PrivacyJourneys journeys =
          new PrivacyJourneys(
              api,
              scanner,
              settle,
              context.getEnvironment().getRequiredProperty("tempid.liveness.callback-secret"));
      // a case old enough to be purged: its data was written, used, then purged by the job
      String old = journeys.guestToBePurged("司马青岚");
      api.advanceClock(Duration.ofDays(32));
      purge(context, old);

      journeys.guestIssuedVerifiedAndLookedUp("欧阳娜娜");
      journeys.registeredPassenger("上官霁月");
      journeys.refusedPassport("诸葛云裳");
      journeys.livenessFailsThreeTimes("慕容晚晴");
      journeys.manualReview("东方既白");
      journeys.failuresAndMalformedRequests("皇甫秋水");
      journeys.childWithGuardianCheckedAndRevoked("令狐小雨", "宇文长风");
      journeys.someoneElsesFaceAtEveryCheck("令狐冲霄");

      scanner.scanEngine(context.getBean(ProcessEngine.class));
      Set<String> tables = scanner.scanDatabase(context.getBean(DataSource.class));
      assertThat(tables).as("tables scanned").containsAll(MUST_SCAN);
      assertThat(
              context
                  .getBean(ProcessEngine.class)
                  .getHistoryService()
                  .createHistoricDecisionInstanceQuery()
                  .count())
          .as("no decision history (it would hold the tables' inputs)")
          .isZero();
      assertThat(output.getAll())
          .as("the server threads' request logging is captured")
          .contains("RequestResponseBodyMethodProcessor");
      scanner.scanLog(output.getAll());
    } finally {
      before.forEach(logging::setLogLevel);
    }
    assertThat(scanner.scanned())
        .as("what was scanned")
        .containsKeys("log lines", "engine values", "database values");
    assertThat(scanner.hits()).as(scanner.report()).isEmpty();
    return scanner;
  }

  /**
   * Runs the purge the Quartz job runs (directly: Quartz keeps its data sources per scheduler name
   * JVM-wide, and other contexts of a test JVM re-register and close that name's).
   */
  private static void purge(ApplicationContext context, String applicationId) {
    context.getBean(PersonalDataPurge.class).purgeDue();
    JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
    assertThat(
            jdbc.sql("select count(*) from application where id = ? and purged_at is not null")
                .param(applicationId)
                .query(Long.class)
                .single())
        .as("the old case was purged")
        .isEqualTo(1);
  }
}
