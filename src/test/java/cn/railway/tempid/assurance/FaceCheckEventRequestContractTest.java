package cn.railway.tempid.assurance;

import static cn.railway.tempid.support.Http.DEMO_OPERATOR;
import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.SliceCallers;
import cn.railway.tempid.support.WebSliceTest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The failed face checks at the web edge: for reviewers and administrators only (401 without a
 * caller, 403 for an operator in no staff group, analysts, passengers and guests), {@code since} an
 * instant and {@code limit} from 1 to 500 (400 naming the field), an over-long event id a 404; none
 * of the refused requests reads the events. The events of real face checks, the lock and lifting it
 * are in {@code assurance.FaceCheckEventsApiTest}, with the whole service.
 */
@WebSliceTest(FaceCheckEventController.class)
class FaceCheckEventRequestContractTest {
  private static final String EVENTS = "/api/v1/operator/face-check-events";

  @Autowired Http http;
  @MockitoBean FaceCheckEvents events;
  @MockitoBean Clock clock;

  /** Were in {@code FaceCheckEventsApiTest} (401 and the operator in no staff group). */
  @Test
  void theEvents_areForReviewersAndAdministrators() throws Exception {
    assertProblem(http.get(EVENTS), 401, "UNAUTHENTICATED");
    for (String[] other :
        List.of(
            SliceCallers.NO_STAFF_GROUP,
            SliceCallers.ANALYST,
            SliceCallers.PASSENGER,
            SliceCallers.GUEST)) {
      assertProblem(http.get(EVENTS, other), 403, "FORBIDDEN");
      assertProblem(http.post(EVENTS + "/e1/lift-lock", Map.of(), other), 403, "FORBIDDEN");
    }
    assertProblem(http.post(EVENTS + "/e1/lift-lock", Map.of()), 401, "UNAUTHENTICATED");
    verifyNoInteractions(events);

    Instant since = Instant.parse("2026-01-15T08:00:00Z");
    when(events.recent(since, 100)).thenReturn(List.of());
    Http.Response r = http.get(EVENTS + "?since=" + since, SliceCallers.REVIEWER);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(MediaType.parseMediaType(r.contentType())).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(r.body().path("items").isArray()).isTrue();
  }

  @Test
  void sinceIsAnInstant_andTheLimitIsBounded() throws Exception {
    assertValidation(
        http.get(EVENTS + "?since=yesterday", "Authorization", DEMO_OPERATOR),
        "VALIDATION_FAILED",
        "since");
    for (String limit : List.of("0", "501", "-1")) {
      assertValidation(
          http.get(EVENTS + "?since=2026-01-15T08:00:00Z&limit=" + limit, SliceCallers.REVIEWER),
          "VALIDATION_FAILED",
          "limit");
    }
    assertProblem(
        http.get(EVENTS + "?limit=many", SliceCallers.REVIEWER), 400, "VALIDATION_FAILED");
    verifyNoInteractions(events);
  }

  @Test
  void liftingALock_namesTheOperator_andAnOverLongEventIsNotFound() throws Exception {
    assertProblem(
        http.post(EVENTS + "/" + "e".repeat(37) + "/lift-lock", Map.of(), SliceCallers.REVIEWER),
        404,
        "NOT_FOUND");
    verifyNoInteractions(events);

    Instant at = Instant.parse("2026-01-15T09:00:00Z");
    when(events.liftLock("e1", "slice-reviewer")).thenReturn(Optional.of(at));
    Http.Response lifted = http.post(EVENTS + "/e1/lift-lock", Map.of(), SliceCallers.REVIEWER);
    assertThat(lifted.status()).as("%s", lifted).isEqualTo(200);
    assertThat(lifted.text("eventId")).isEqualTo("e1");
    assertThat(Instant.parse(lifted.text("liftedAt"))).isEqualTo(at);
    verify(events).liftLock("e1", "slice-reviewer");
  }
}
