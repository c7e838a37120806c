package cn.railway.tempid.application.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Consent to identity, face and location processing is recorded per application. */
@ApplicationTest
class ConsentRecordTest {
  @Autowired Passengers passengers;
  @Autowired ConsentRecords consents;
  @Autowired JdbcClient jdbc;

  @Test
  void aSubmittedApplication_hasThreeGrantedConsentRows_withTheNoticeVersion() throws Exception {
    Passengers.Answer submitted = passengers.submitAsGuest("赵六", TestIdentities.randomIdNumber());
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");

    assertThat(consents.of(id))
        .extracting(ConsentRecords.Consent::kind)
        .containsExactlyInAnyOrder(
            ConsentRecords.Kind.IDENTITY,
            ConsentRecords.Kind.BIOMETRIC,
            ConsentRecords.Kind.LOCATION);
    assertThat(consents.of(id))
        .allSatisfy(
            c -> {
              assertThat(c.granted()).isTrue();
              assertThat(c.noticeVersion()).isEqualTo("2025-11");
              assertThat(c.grantedAt()).isNotNull();
            });
    assertThat(submitted.body().toString()).doesNotContain("notice").doesNotContain("2025-11");
  }

  @Test
  void anApplicationRefusedByAPreCheck_isRecordedWithItsConsentsToo() throws Exception {
    Passengers.Answer refused =
        passengers.postJson(
            "/api/v1/applications",
            Map.of(
                "name",
                "赵七",
                "idType",
                "PASSPORT",
                "idNumber",
                "E12345678",
                "location",
                Passengers.BEIJING,
                "consents",
                Passengers.ALL_CONSENTS));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(consents.of(refused.text("applicationId"))).hasSize(3);
  }

  @Test
  void withoutConsent_theRefusalIsRecordedWithTheConsentsAsGiven_andNothingAboutThePerson()
      throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    Passengers.Answer refused =
        passengers.postJson(
            "/api/v1/applications",
            Map.of(
                "name",
                "赵八",
                "idType",
                "RESIDENT_ID_CARD",
                "idNumber",
                idNumber,
                "location",
                Passengers.BEIJING,
                "consents",
                Map.of("identity", true, "biometric", false, "location", true)));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("code")).isEqualTo("CONSENT_REQUIRED");
    String id = refused.text("applicationId");

    assertThat(consents.of(id))
        .extracting(ConsentRecords.Consent::kind, ConsentRecords.Consent::granted)
        .containsExactlyInAnyOrder(
            tuple(ConsentRecords.Kind.IDENTITY, true),
            tuple(ConsentRecords.Kind.BIOMETRIC, false),
            tuple(ConsentRecords.Kind.LOCATION, true));
    Map<String, Object> row =
        jdbc.sql("select * from application where id = ?").param(id).query().singleRow();
    assertThat(row)
        .containsEntry("STATUS", "REJECTED")
        .containsEntry("REASON_CODE", "CONSENT_REQUIRED");
    for (String personal :
        new String[] {
          "PERSON_KEY",
          "ACCOUNT_ID",
          "NAME_ENC",
          "ID_NUMBER_ENC",
          "ID_TYPE",
          "ID_NUMBER_FAMILY",
          "LOCATION_STATUS",
          "PROVINCE",
          "CITY",
          "LOCATION_MAINLAND"
        }) {
      assertThat(row.get(personal)).as(personal).isNull();
    }
    assertThat(row.get("DECIDED_AT")).isNotNull();
    assertThat(
            jdbc.sql("select count(*) from liveness_session where application_id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from quota_reservation where application_id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .isZero();
  }
}
