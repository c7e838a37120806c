package cn.railway.tempid.application.web;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.application.guest.CertificateLookup;
import cn.railway.tempid.application.journey.LivenessRetries;
import cn.railway.tempid.application.query.ApplicationQueries;
import cn.railway.tempid.application.submission.SubmissionService;
import cn.railway.tempid.shared.longpoll.LongPoll;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.TestIdentities;
import cn.railway.tempid.support.WebSliceTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A guest's certificate lookup at the web edge: open to anyone; a name, ID type or ID number that
 * is missing or malformed is a 400 naming the field that echoes neither the name nor the ID number,
 * a body that is not JSON a 415, and none of them starts a lookup; a started lookup is a 202 with
 * the liveness session; a result that is not there (or an over-long session id) is a 404. Lookups
 * of real certificates, the face check and the lock are in {@code
 * assurance.IdentityAssuranceApiTest} and {@code assurance.FaceCheckEventsApiTest}, with the whole
 * service.
 */
// the same controllers and mocks as SubmissionRequestContractTest: one context for both
@WebSliceTest({ApplicationController.class, CertificateLookupController.class})
class CertificateLookupRequestContractTest {
  private static final String LOOKUP = "/api/v1/certificates/lookup";
  private static final String NAME = "欧阳锋";

  @Autowired Http http;
  @MockitoBean CertificateLookup lookups;
  @MockitoBean SubmissionService submissions;
  @MockitoBean ApplicationQueries queries;
  @MockitoBean LivenessRetries retries;
  @MockitoBean LongPoll longPoll;

  private final String idNumber = TestIdentities.randomIdNumber();

  @AfterEach
  void nothingReachedTheApplications() {
    verifyNoInteractions(submissions, queries, retries);
  }

  private Map<String, Object> valid() {
    return new HashMap<>(Map.of("name", NAME, "idType", "RESIDENT_ID_CARD", "idNumber", idNumber));
  }

  private Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = valid();
    if (value == null) {
      body.remove(field);
    } else {
      body.put(field, value);
    }
    return body;
  }

  @Test
  void aBadField_400_namesItAndEchoesNothing() throws Exception {
    Object[][] cases = {
      {"name", null},
      {"name", "x".repeat(65)},
      {"name", "<script>"},
      {"idType", null},
      {"idType", "resident id"},
      {"idNumber", null},
      {"idNumber", "1".repeat(33)},
    };
    for (Object[] c : cases) {
      Http.Response r = http.post(LOOKUP, with((String) c[0], c[1]));
      assertValidation(
          Http.assertEchoesNeither(r, NAME, idNumber), "VALIDATION_FAILED", (String) c[0]);
    }
    assertValidation(
        Http.assertEchoesNeither(
            http.post(LOOKUP, "{\"name\":\"" + NAME + "\",\"idNumber\":\"" + idNumber + "\""),
            NAME,
            idNumber),
        "VALIDATION_FAILED");
    assertProblem(
        http.perform(
            MockMvcRequestBuilders.post(LOOKUP)
                .contentType(MediaType.TEXT_PLAIN)
                .content(NAME + " " + idNumber)),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    verifyNoInteractions(lookups);
  }

  @Test
  void aLookup_isOpenToAnyone_202WithTheLivenessSession() throws Exception {
    Instant expires = Instant.parse("2026-03-01T08:10:00Z");
    when(lookups.lookup(NAME, "RESIDENT_ID_CARD", idNumber))
        .thenReturn(new CertificateLookup.LookupStarted("ls-1", expires));
    Http.Response r = http.post(LOOKUP, valid());
    assertThat(r.status()).as("%s", r).isEqualTo(202);
    assertThat(MediaType.parseMediaType(r.contentType())).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(r.text("livenessSessionId")).isEqualTo("ls-1");
    Http.assertEchoesNeither(r, NAME, idNumber);
  }

  @Test
  void aResultThatIsNotThere_404() throws Exception {
    assertProblem(
        http.get("/api/v1/liveness/" + "s".repeat(65) + "/certificate"), 404, "NOT_FOUND");
    verifyNoInteractions(lookups);
    when(lookups.lookupResult("ls-2")).thenReturn(Optional.empty());
    assertProblem(http.get("/api/v1/liveness/ls-2/certificate"), 404, "NOT_FOUND");
    when(lookups.lookupResult("ls-3"))
        .thenReturn(Optional.of(new CertificateLookup.LookupResult("c-1", "token-1")));
    Http.Response found = http.get("/api/v1/liveness/ls-3/certificate");
    assertThat(found.status()).as("%s", found).isEqualTo(200);
    assertThat(found.text("certificateId")).isEqualTo("c-1");
    assertThat(found.text("applicantToken")).isEqualTo("token-1");
  }
}
