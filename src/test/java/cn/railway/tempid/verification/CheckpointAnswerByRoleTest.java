package cn.railway.tempid.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers.Answer;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import cn.railway.tempid.support.TestIdentities;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R19: each checkpoint gets what its role needs. Gates and on-train checks see the masked identity
 * only; ticket windows and real-name checks see the full ID number when their key has that right
 * (audited); any checkpoint may ask whether the ID number printed on the e-ticket is the holder's
 * and learns only yes or no. A bad ticket field's 400 is in {@code
 * verification.CheckpointRequestContractTest}, a web slice.
 */
@ApplicationTest
class CheckpointAnswerByRoleTest {
  static final String DEMO_KEY = ShownCertificates.DEMO_CHECKPOINT_KEY;

  @Autowired ShownCertificates certificates;
  @Autowired CheckpointKeys checkpointKeys;
  @Autowired JdbcClient jdbc;
  @Autowired Http http;

  List<String> shownInAudit(String certificateId) {
    return jdbc.sql(
            "select shown from personal_data_access where subject_id = ? and purpose = ?"
                + " order by accessed_at, id")
        .params(certificateId, "VERIFICATION")
        .query(String.class)
        .list();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ENTRY_GATE", "EXIT_GATE", "ON_TRAIN"})
  void gatesAndOnTrainChecksSeeOnlyTheMaskedIdentity_evenWithARealNameKey(String type)
      throws Exception {
    Shown shown = certificates.issueAndShow("杨一");
    Answer a = certificates.verify(DEMO_KEY, certificates.frame(shown), "d-" + type, type, null);
    assertThat(a.text("result")).isEqualTo("ACCEPTED");
    assertThat(a.text("maskedIdNumber")).contains("**********");
    assertThat(a.body().has("idNumber")).isFalse();
    assertThat(a.body().has("ticketHolderMatches")).isFalse();
    assertThat(a.body().toString()).doesNotContain(shown.idNumber()).doesNotContain("杨一");
    assertThat(shownInAudit(shown.certificateId())).containsExactly("MASKED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TICKET_WINDOW", "REAL_NAME_CHECK"})
  void ticketWindowsAndRealNameChecksWithTheRightSeeTheFullIdNumber_audited(String type)
      throws Exception {
    Shown shown = certificates.issueAndShow("朱二");
    Answer a = certificates.verify(DEMO_KEY, certificates.frame(shown), "d-" + type, type, null);
    assertThat(a.text("result")).isEqualTo("ACCEPTED");
    assertThat(a.text("idNumber")).isEqualTo(shown.idNumber());
    assertThat(shownInAudit(shown.certificateId())).containsExactly("FULL_ID_NUMBER");
  }

  @Test
  void aTicketWindowWithoutTheRealNameRightSeesOnlyTheMaskedIdentity() throws Exception {
    checkpointKeys.register(
        "window-masked",
        "window-masked-key",
        "Ticket window without real-name rights",
        false,
        new CheckpointKeys.Roles(
            EnumSet.of(CheckpointType.TICKET_WINDOW, CheckpointType.REAL_NAME_CHECK), "SHH"));
    Shown shown = certificates.issueAndShow("秦三");
    String frame = certificates.frame(shown);
    for (String type : List.of("TICKET_WINDOW", "REAL_NAME_CHECK")) {
      Answer a = certificates.verify("window-masked-key", frame, "w1", type, null);
      assertThat(a.text("result")).isEqualTo("ACCEPTED");
      assertThat(a.body().has("idNumber")).as(type).isFalse();
      assertThat(a.body().toString()).doesNotContain(shown.idNumber());
    }
    assertThat(shownInAudit(shown.certificateId())).containsOnly("MASKED");
  }

  @Test
  void theTicketMatchSaysOnlyYesOrNo_forTheNumberAsPrintedOrTyped() throws Exception {
    Shown shown = certificates.issueAndShow("尤四");
    String frame = certificates.frame(shown);

    Answer same = certificates.verify(DEMO_KEY, frame, "g1", "ENTRY_GATE", shown.idNumber());
    assertThat(same.text("result")).isEqualTo("ACCEPTED");
    assertThat(same.body().path("ticketHolderMatches").isBoolean()).isTrue();
    assertThat(same.body().path("ticketHolderMatches").asBoolean()).isTrue();
    assertThat(same.body().has("idNumber")).isFalse();
    assertThat(same.body().toString()).doesNotContain(shown.idNumber());

    // typed with spaces, full-width digits and a lower-case check character: the same number
    String typed = " " + toFullWidth(shown.idNumber()).toLowerCase(java.util.Locale.ROOT) + " ";
    assertThat(
            certificates
                .verify(DEMO_KEY, frame, "g2", "ON_TRAIN", typed)
                .body()
                .path("ticketHolderMatches")
                .asBoolean())
        .isTrue();

    String someoneElse = TestIdentities.randomIdNumber();
    Answer other = certificates.verify(DEMO_KEY, frame, "g3", "EXIT_GATE", someoneElse);
    assertThat(other.text("result")).isEqualTo("ACCEPTED");
    assertThat(other.body().path("ticketHolderMatches").isBoolean()).isTrue();
    assertThat(other.body().path("ticketHolderMatches").asBoolean()).isFalse();
    assertThat(other.body().toString())
        .doesNotContain(shown.idNumber())
        .doesNotContain(someoneElse);

    // a ticket with a passport number, or any other text: simply not the holder's
    assertThat(
            certificates
                .verify(DEMO_KEY, frame, "g4", "ENTRY_GATE", "E12345678")
                .body()
                .path("ticketHolderMatches")
                .asBoolean(true))
        .isFalse();

    // at a ticket window with the right, the full number and the match come together
    Answer window = certificates.verify(DEMO_KEY, frame, "w1", "TICKET_WINDOW", someoneElse);
    assertThat(window.text("idNumber")).isEqualTo(shown.idNumber());
    assertThat(window.body().path("ticketHolderMatches").asBoolean(true)).isFalse();
  }

  @Test
  void aRejectedFrameAnswersNoTicketMatch() throws Exception {
    Answer malformed =
        certificates.verify(DEMO_KEY, "not a frame", "g1", "ENTRY_GATE", "11010519491231002X");
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(malformed.text("result")).isEqualTo("REJECTED");
    assertThat(malformed.text("reason")).isEqualTo("MALFORMED");
    assertThat(malformed.body().has("ticketHolderMatches")).isFalse();
  }

  private static String toFullWidth(String ascii) {
    StringBuilder out = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      out.append(Character.isDigit(c) ? (char) (c - '0' + '０') : c);
    }
    return out.toString();
  }
}
