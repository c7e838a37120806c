package cn.railway.tempid.application.web;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.mockito.Mockito.verifyNoInteractions;

import cn.railway.tempid.application.guest.CertificateLookup;
import cn.railway.tempid.application.journey.LivenessRetries;
import cn.railway.tempid.application.query.ApplicationQueries;
import cn.railway.tempid.application.submission.SubmissionService;
import cn.railway.tempid.shared.longpoll.LongPoll;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import cn.railway.tempid.support.WebSliceTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * API.md "Conventions" and the 400 row of "Applications", at the web edge: a body that is not
 * well-formed JSON, has a wrong type or breaks a field's constraint, or is not JSON at all, is a
 * 400 (or 415) problem naming the field, never echoes the submitted name or ID number, and never
 * reaches the submission (nothing is stored). The identity checks made by the submission itself
 * (required fields of a guest, the ID number's check digit) are in {@code
 * application.SubmissionValidationTest}, with the whole service.
 */
// the same controllers and mocks as CertificateLookupRequestContractTest: one context for both
@WebSliceTest({ApplicationController.class, CertificateLookupController.class})
class SubmissionRequestContractTest {
  private static final String NAME = "张三丰";

  @Autowired Http http;
  @MockitoBean SubmissionService submissions;
  @MockitoBean ApplicationQueries queries;
  @MockitoBean LivenessRetries retries;
  @MockitoBean LongPoll longPoll;
  @MockitoBean CertificateLookup lookups;

  private final String idNumber = TestIdentities.randomIdNumber();

  @AfterEach
  void nothingReachedTheSubmission() {
    verifyNoInteractions(submissions, queries, retries, lookups);
  }

  private Map<String, Object> valid() {
    return new HashMap<>(Passengers.guestApplication(NAME, idNumber));
  }

  private Http.Response submit(Object body) throws Exception {
    return Http.assertEchoesNeither(http.post("/api/v1/applications", body), NAME, idNumber);
  }

  private String validJsonWith(String field, String rawJsonValue) throws Exception {
    Map<String, Object> copy = valid();
    copy.remove(field);
    String without = http.write(copy);
    return without.substring(0, without.length() - 1) + ",\"" + field + "\":" + rawJsonValue + "}";
  }

  @Test
  void malformedJson() throws Exception {
    String json = http.write(valid());
    assertValidation(
        submit("{\"idType\": \"RESIDENT_ID_CARD\",, \"name\": \"" + NAME + "\"}"),
        "VALIDATION_FAILED",
        "$");
    assertValidation(submit(json.replace(",", ",,")), "VALIDATION_FAILED");
    // cut off inside a value: the field being read is named
    assertValidation(submit(json.substring(0, json.length() - 5)), "VALIDATION_FAILED");
  }

  @Test
  void latitudeNotANumber() throws Exception {
    assertValidation(
        submit(validJsonWith("location", "{\"latitude\":\"abc\",\"longitude\":116.4}")),
        "VALIDATION_FAILED",
        "location.latitude");
  }

  @Test
  void consentNotABoolean() throws Exception {
    assertValidation(
        submit(
            validJsonWith(
                "consents", "{\"identity\":\"yes\",\"biometric\":true,\"location\":true}")),
        "VALIDATION_FAILED",
        "consents.identity");
  }

  @Test
  void nameOf65Characters() throws Exception {
    Map<String, Object> body = valid();
    body.put("name", "张".repeat(65));
    assertValidation(submit(body), "VALIDATION_FAILED", "name");
  }

  @Test
  void nameWithDigits() throws Exception {
    Map<String, Object> body = valid();
    body.put("name", "张三3");
    assertValidation(submit(body), "VALIDATION_FAILED", "name");
  }

  @Test
  void idNumberOf33Characters() throws Exception {
    Map<String, Object> body = valid();
    body.put("idNumber", idNumber + "1".repeat(15));
    assertValidation(submit(body), "VALIDATION_FAILED", "idNumber");
  }

  @Test
  void latitude91() throws Exception {
    Map<String, Object> body = valid();
    body.put("location", Map.of("latitude", 91, "longitude", 116.4));
    assertValidation(submit(body), "VALIDATION_FAILED", "location.latitude");
  }

  @Test
  void longitudeWithoutLatitude() throws Exception {
    Map<String, Object> body = valid();
    body.put("location", Map.of("longitude", 116.4));
    assertValidation(submit(body), "VALIDATION_FAILED", "location.latitude");
  }

  @Test
  void idTypeNotACode() throws Exception {
    Map<String, Object> body = valid();
    body.put("idType", "resident id card");
    assertValidation(submit(body), "VALIDATION_FAILED", "idType");
  }

  @Test
  void textPlain_is415() throws Exception {
    Http.Response r =
        http.perform(
            MockMvcRequestBuilders.post("/api/v1/applications")
                .contentType(MediaType.TEXT_PLAIN)
                .content(http.write(valid())));
    assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void noContentType_is415() throws Exception {
    Http.Response r =
        http.perform(
            MockMvcRequestBuilders.post("/api/v1/applications").content(http.write(valid())));
    assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  }
}
