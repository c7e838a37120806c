package cn.railway.tempid.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusListTest {

  private static final UUID REVOKED = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID SUPERSEDED = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final UUID ODD = UUID.fromString("00000000-0000-4000-8000-000000000003");

  @Test
  void parsesAnswersAndGoesStale() {
    StatusList list =
        StatusList.parse(
            """
        {"issuedAt":"2026-01-15T08:00:00Z","ttlSeconds":300,"revoked":[
          {"certificateId":"%s","status":"REVOKED","since":"2026-01-15T07:00:00Z"},
          {"certificateId":"%s","status":"SUPERSEDED","since":"2026-01-15T07:30:00Z"},
          {"certificateId":"%s","status":"SOMETHING_NEW","since":"2026-01-15T07:30:00Z"}]}
        """
                .formatted(REVOKED, SUPERSEDED, ODD));
    for (StatusLookup lookup : List.of(list, list.indexed())) {
      assertThat(lookup.statusOf(REVOKED).state()).isEqualTo(CertificateState.REVOKED);
      assertThat(lookup.statusOf(SUPERSEDED).state()).isEqualTo(CertificateState.SUPERSEDED);
      assertThat(lookup.statusOf(ODD).state()).isEqualTo(CertificateState.REVOKED); // fail closed
      assertThat(lookup.statusOf(UUID.randomUUID())).isEqualTo(StatusLookup.Standing.active(null));
    }
    assertThat(list.isStaleAt(Instant.parse("2026-01-15T08:04:59Z"))).isFalse();
    assertThat(list.isStaleAt(Instant.parse("2026-01-15T08:05:00Z"))).isTrue();
    assertThat(StatusList.parse(list.render())).isEqualTo(list);
  }

  @Test
  void rejectsBrokenLists() {
    for (String bad :
        List.of(
            "",
            "{}",
            "{\"issuedAt\":\"x\",\"ttlSeconds\":1,\"revoked\":[]}",
            "{\"issuedAt\":\"2026-01-15T08:00:00Z\",\"ttlSeconds\":1,\"revoked\":[{\"certificateId\":\"nope\"}]}")) {
      assertThatThrownBy(() -> StatusList.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
