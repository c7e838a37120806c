package cn.railway.tempid.application;

import static cn.railway.tempid.support.Http.assertProblem;
import static cn.railway.tempid.support.Http.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * API.md "Conventions" and the 400 row of "Applications": malformed input is a 400 problem with
 * field errors, never a 500, and never echoes the submitted name or ID number.
 */
@ApplicationTest
class SubmissionValidationTest {
  private static final String NAME = "张三丰";

  @Autowired Http http;

  private final String idNumber = TestIdentities.randomIdNumber();

  private Map<String, Object> valid() {
    return new HashMap<>(Passengers.guestApplication(NAME, idNumber));
  }

  private Http.Response submit(Object body) throws Exception {
    Http.Response r = http.post("/api/v1/applications", body);
    assertThat(r.raw())
        .as("echoes the ID number")
        .doesNotContain(idNumber)
        .doesNotContain(idNumber.substring(0, 17));
    assertThat(r.raw()).as("echoes the name").doesNotContain(NAME);
    return r;
  }

  private String validJsonWith(String field, String rawJsonValue) throws Exception {
    String json = http.write(valid());
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
  void guestWithoutName() throws Exception {
    Map<String, Object> body = valid();
    body.remove("name");
    assertValidation(submit(body), "VALIDATION_FAILED", "name");
  }

  @Test
  void guestWithoutIdNumber() throws Exception {
    Map<String, Object> body = valid();
    body.remove("idNumber");
    assertValidation(submit(body), "VALIDATION_FAILED", "idNumber");
  }

  @Test
  void guestWithBlankNameAndNoIdType() throws Exception {
    Map<String, Object> body = valid();
    body.put("name", "   ");
    body.remove("idType");
    Http.Response r = submit(body);
    assertProblem(r, 400, "VALIDATION_FAILED");
    assertThat(r.body().path("errors").findValuesAsText("field")).contains("idType");
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
  void badChecksum_invalidIdNumber() throws Exception {
    char check = idNumber.charAt(17);
    Map<String, Object> body = valid();
    body.put("idNumber", idNumber.substring(0, 17) + (check == '1' ? '2' : '1'));
    assertValidation(submit(body), "INVALID_ID_NUMBER", "idNumber");
  }

  @Test
  void february30_invalidIdNumber() throws Exception {
    Map<String, Object> body = valid();
    body.put("idNumber", TestIdentities.withCheckCharacter("11010519900230123"));
    assertValidation(submit(body), "INVALID_ID_NUMBER", "idNumber");
  }

  @Test
  void futureBirthDate_invalidIdNumber() throws Exception {
    Map<String, Object> body = valid();
    body.put("idNumber", TestIdentities.idNumber("110105", LocalDate.now().plusYears(5)));
    assertValidation(submit(body), "INVALID_ID_NUMBER", "idNumber");
  }

  @Test
  void tooShort_invalidIdNumber() throws Exception {
    Map<String, Object> body = valid();
    body.put("idNumber", "1101051949");
    assertValidation(submit(body), "INVALID_ID_NUMBER", "idNumber");
  }

  // --- garbage in: always a 4xx with a code, never a 500 --------------------------------------

  static Stream<Arguments> garbage() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    return Stream.of(
        Arguments.of("empty body", new byte[0]),
        Arguments.of("array", bytes("[]")),
        Arguments.of("null", bytes("null")),
        Arguments.of("string", bytes("\"张三\"")),
        Arguments.of("number", bytes("42")),
        Arguments.of("location is a string", bytes("{\"location\": \"x\"}")),
        Arguments.of("consents is an array", bytes("{\"consents\": [true, true, true]}")),
        Arguments.of(
            "wrong types everywhere",
            bytes(
                "{\"name\": 123, \"idType\": {}, \"idNumber\": [1,2], \"username\": false,"
                    + " \"password\": {\"a\": 1}, \"location\": {\"latitude\": {\"a\": 1}}}")),
        Arguments.of(
            "huge number",
            bytes(
                "{\"location\": {\"latitude\": 1e400, \"longitude\": "
                    + "1"
                    + "0".repeat(400)
                    + "}, \"consents\": {\"identity\": "
                    + "9".repeat(50)
                    + "}, \"username\": 1"
                    + "0".repeat(40)
                    + "}")),
        Arguments.of(
            "invalid UTF-8",
            new byte[] {
              '{',
              '"',
              'n',
              'a',
              'm',
              'e',
              '"',
              ':',
              '"',
              (byte) 0xff,
              (byte) 0xfe,
              (byte) 0xc3,
              '"',
              '}'
            }),
        Arguments.of("deeply nested", bytes(deep)),
        Arguments.of("trailing garbage", bytes("{\"name\": \"a\"} }}}")),
        Arguments.of(
            "NaN latitude", bytes("{\"location\": {\"latitude\": NaN, \"longitude\": 1}}")),
        Arguments.of(
            "lone surrogate",
            bytes(
                "{\"name\": \"\\ud842\", \"username\": \"\\ud842\","
                    + " \"password\": \"\\udfb7\"}")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "POST /applications: {0}")
  @MethodSource("garbage")
  void garbageToApplications_is4xxWithCode(String label, byte[] body) throws Exception {
    assertClientError(http.post("/api/v1/applications", body));
  }

  @ParameterizedTest(name = "POST /auth/login: {0}")
  @MethodSource("garbage")
  void garbageToLogin_is4xxWithCode(String label, byte[] body) throws Exception {
    assertClientError(http.post("/api/v1/auth/login", body));
  }

  @Test
  void textPlain_is415() throws Exception {
    for (String path : new String[] {"/api/v1/applications", "/api/v1/auth/login"}) {
      Http.Response r =
          http.perform(
              MockMvcRequestBuilders.post(path)
                  .contentType(MediaType.TEXT_PLAIN)
                  .content(http.write(valid())));
      assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
  }

  @Test
  void noContentType_is415() throws Exception {
    Http.Response r =
        http.perform(
            MockMvcRequestBuilders.post("/api/v1/applications").content(http.write(valid())));
    assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void wrongMethod_is405() throws Exception {
    Http.Response r =
        http.perform(
            MockMvcRequestBuilders.put("/api/v1/demo/clock")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"));
    assertProblem(r, 405, "METHOD_NOT_ALLOWED");
  }

  private static void assertClientError(Http.Response r) {
    assertThat(r.status()).as("%s", r).isBetween(400, 499);
    assertThat(
            MediaType.parseMediaType(r.contentType())
                .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .as("%s", r)
        .isTrue();
    assertThat(r.text("code")).as("%s", r).matches("[A-Z_]+");
    assertThat(r.text("messageZh")).isNotBlank();
    assertThat(r.text("messageEn")).isNotBlank();
  }
}
