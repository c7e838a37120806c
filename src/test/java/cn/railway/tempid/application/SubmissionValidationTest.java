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
 * field errors, never a 500, and never echoes the submitted name or ID number. Here the checks the
 * submission itself makes (a guest's required fields, the ID number) and garbage of any kind, with
 * the whole service; the controller's own checks (JSON syntax and types, field constraints, content
 * type) are in {@code application.web.SubmissionRequestContractTest}, a web slice (the login's 415:
 * {@code account.AuthRequestContractTest}).
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
    return Http.assertEchoesNeither(http.post("/api/v1/applications", body), NAME, idNumber);
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
