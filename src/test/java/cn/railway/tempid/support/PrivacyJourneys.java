package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Full journeys over real HTTP with distinctive identities, for the personal-data proofs on H2 and
 * on PostgreSQL: every name and ID number used is added to the scanner as a needle. How due jobs
 * run differs per database (the test's {@code settle}: run them in the test thread, or nothing when
 * the job executor is on); every wait polls until the answer is there.
 */
public final class PrivacyJourneys {
  public static final String CHECKPOINT_KEY = "demo-checkpoint-key";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpApi api;
  private final PersonalDataScanner scanner;
  private final Consumer<String> settle;
  private final String callbackSecret;

  /**
   * @param settle runs what is due for a business key (application or certificate id)
   * @param callbackSecret the liveness provider's callback secret of the running context
   */
  public PrivacyJourneys(
      HttpApi api, PersonalDataScanner scanner, Consumer<String> settle, String callbackSecret) {
    this.api = api;
    this.scanner = scanner;
    this.settle = settle;
    this.callbackSecret = callbackSecret;
  }

  /** A valid ID number not used before, ending in X when asked (for the lower-case-x needle). */
  public static String idNumber(boolean endingInX) {
    while (true) {
      String id = TestIdentities.randomIdNumber();
      if (id.endsWith("X") == endingInX) {
        return id;
      }
    }
  }

  private String person(String name, boolean endingInX) {
    String id = idNumber(endingInX);
    scanner.name(name).idNumber(id);
    return id;
  }

  /** A submitted application: ids and how its owner authenticates. */
  public record Case(String applicationId, String sessionId, String[] auth) {}

  // --- journeys -----------------------------------------------------------------------------

  /**
   * A guest issued a certificate, who opened a view session, had frames verified at two checkpoints
   * (real-name key), read the certificate, lost the page and found it again by identity and a new
   * face check. Returns the certificate id.
   */
  public String guestIssuedVerifiedAndLookedUp(String name) {
    String id = person(name, true);
    api.inRegistry(name, id);
    Case c = submitGuest(name, id);
    capture(c, c.sessionId(), "PASS", 0.97, 0.93);
    JsonNode issued = awaitStatus(c, "ISSUED");
    String certificateId = issued.path("certificateId").asText();
    assertThat(api.get("/api/v1/certificates/" + certificateId, c.auth()).status()).isEqualTo(200);
    String frame = frameOf(certificateId, c, c.sessionId());
    assertThat(verify(frame, "gate-privacy-1").text("result")).isEqualTo("ACCEPTED");
    assertThat(verify(frame, "gate-privacy-2").text("alreadySeenAt")).isNotNull();
    // ticket windows compare the ID numbers printed on e-tickets: the holder's (as a clerk may
    // type it, lower-case x) and someone else's; neither may be stored or logged
    String otherTicket = idNumber(false);
    scanner.idNumber(otherTicket);
    assertThat(ticketMatch(frame, id.toLowerCase(java.util.Locale.ROOT))).isTrue();
    assertThat(ticketMatch(frame, otherTicket)).isFalse();

    HttpApi.Answer lookup =
        api.post(
            "/api/v1/certificates/lookup",
            Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", id));
    assertThat(lookup.status()).as("%s", lookup).isEqualTo(202);
    String session = lookup.text("livenessSessionId");
    assertThat(api.post("/api/v1/demo/liveness/" + session, Map.of("outcome", "PASS")).status())
        .isEqualTo(204);
    AtomicReference<HttpApi.Answer> found = new AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              found.set(api.get("/api/v1/liveness/" + session + "/certificate"));
              return found.get().status() == 200;
            });
    String[] again = {"X-Applicant-Token", found.get().text("applicantToken")};
    assertThat(frameOf(certificateId, new Case(c.applicationId(), session, again), session))
        .isNotBlank();
    return certificateId;
  }

  /**
   * A registered passenger: account created, logged in, applied with the identity from the account,
   * read the certificate and the history, logged out.
   */
  public void registeredPassenger(String name) {
    String id = person(name, false);
    String username = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
    assertThat(
            api.post(
                    "/api/v1/demo/users",
                    Map.of(
                        "username",
                        username,
                        "password",
                        Accounts.PASSWORD,
                        "name",
                        name,
                        "idNumber",
                        id))
                .status())
        .isEqualTo(201);
    HttpApi.Answer login =
        api.post("/api/v1/auth/login", Map.of("username", username, "password", Accounts.PASSWORD));
    assertThat(login.status()).as("%s", login).isEqualTo(200);
    String[] bearer = {"Authorization", "Bearer " + login.text("accessToken")};
    assertThat(api.get("/api/v1/me", bearer).status()).isEqualTo(200);
    HttpApi.Answer submitted =
        api.post(
            "/api/v1/applications",
            Map.of("location", Passengers.BEIJING, "consents", Passengers.ALL_CONSENTS),
            bearer);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    Case c =
        new Case(
            submitted.text("applicationId"),
            submitted.body().path("liveness").path("sessionId").asText(),
            bearer);
    capture(c, c.sessionId(), "PASS", 0.96, 0.92);
    String certificateId = awaitStatus(c, "ISSUED").path("certificateId").asText();
    assertThat(api.get("/api/v1/certificates/" + certificateId, bearer).status()).isEqualTo(200);
    assertThat(frameOf(certificateId, c, c.sessionId())).isNotBlank();
    HttpApi.Answer history = api.get("/api/v1/me/applications", bearer);
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.raw()).contains(c.applicationId());
    assertThat(api.post("/api/v1/auth/logout", Map.of(), bearer).status()).isEqualTo(204);
  }

  /**
   * A refused application: a passport is not a resident ID card (R4), retried with the passport
   * number in its Idempotency-Key.
   */
  public void refusedPassport(String name) {
    String passport = "E" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    scanner.name(name).other("passport number", passport);
    Map<String, Object> body =
        Map.of(
            "name",
            name,
            "idType",
            "PASSPORT",
            "idNumber",
            passport,
            "location",
            Passengers.BEIJING,
            "consents",
            Passengers.ALL_CONSENTS);
    // a careless client puts the document number into its Idempotency-Key (a guest's key has at
    // least 16 characters), and retries
    String key = "passport-" + passport;
    HttpApi.Answer refused = api.post("/api/v1/applications", body, "Idempotency-Key", key);
    assertThat(refused.status()).as("%s", refused).isEqualTo(422);
    HttpApi.Answer retried = api.post("/api/v1/applications", body, "Idempotency-Key", key);
    assertThat(retried.text("applicationId")).isEqualTo(refused.text("applicationId"));
  }

  /** Liveness fails three times: the application fails (quota released). */
  public void livenessFailsThreeTimes(String name) {
    String id = person(name, false);
    api.inRegistry(name, id);
    Case c = submitGuest(name, id);
    capture(c, c.sessionId(), "FAIL", 0.21, 0.40);
    for (int attempt = 2; attempt <= 3; attempt++) {
      AtomicReference<HttpApi.Answer> next = new AtomicReference<>();
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                next.set(
                    api.post(
                        "/api/v1/applications/" + c.applicationId() + "/liveness-sessions",
                        Map.of(),
                        c.auth()));
                return next.get().status() == 201;
              });
      capture(c, next.get().text("sessionId"), "FAIL", 0.2, 0.4);
    }
    awaitStatus(c, "FAILED");
  }

  /**
   * Someone else's live face (issue 7) at every face check of a guest holder: a re-verification and
   * lookups fail until the holder's face checks are locked (429 FACE_CHECKS_LOCKED); an operator
   * lists the failed checks. The events, their log lines and the operator's list hold ids and codes
   * only: no name, ID number or score.
   */
  public void someoneElsesFaceAtEveryCheck(String name) {
    String id = person(name, true);
    api.inRegistry(name, id);
    Case c = submitGuest(name, id);
    capture(c, c.sessionId(), "PASS", 0.97, 0.93);
    String certificateId = awaitStatus(c, "ISSUED").path("certificateId").asText();
    HttpApi.Answer reverification =
        api.post("/api/v1/certificates/" + certificateId + "/reverifications", Map.of(), c.auth());
    assertThat(reverification.status()).as("%s", reverification).isEqualTo(201);
    String stranger = reverification.text("sessionId");
    capture(c, stranger, "PASS", 0.97, 0.05);
    assertThat(
            api.post(
                    "/api/v1/certificates/" + certificateId + "/view-sessions",
                    Map.of("livenessSessionId", stranger),
                    c.auth())
                .status())
        .isEqualTo(422);
    Map<String, Object> identity =
        Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", id);
    for (int i = 0; i < 2; i++) {
      HttpApi.Answer lookup = api.post("/api/v1/certificates/lookup", identity);
      assertThat(lookup.status()).as("%s", lookup).isEqualTo(202);
      String session = lookup.text("livenessSessionId");
      capture(c, session, "PASS", 0.97, 0.05);
      // nothing revealed: 404 like an unknown person; once the third failure locked the person,
      // the lock holds at this use too (429, whether or not a certificate exists)
      assertThat(api.get("/api/v1/liveness/" + session + "/certificate").status())
          .isEqualTo(i == 0 ? 404 : 429);
    }
    HttpApi.Answer locked = api.post("/api/v1/certificates/lookup", identity);
    assertThat(locked.status()).as("%s", locked).isEqualTo(429);
    assertThat(locked.text("code")).isEqualTo("FACE_CHECKS_LOCKED");
    HttpApi.Answer events =
        api.get(
            "/api/v1/operator/face-check-events?limit=500", "Authorization", Http.DEMO_OPERATOR);
    assertThat(events.status()).as("%s", events).isEqualTo(200);
    // the scores as numbers, not the digits of a time of day such as 21:49:10.052113
    assertThat(events.raw())
        .contains(stranger, "FACE_MISMATCH")
        .doesNotContainPattern("(?<![\\d.])0\\.(05|97)");
  }

  /**
   * A borderline face match goes to a person: the reviewer lists and opens the case (masked) and
   * approves it with a note that holds no personal data.
   */
  public void manualReview(String name) {
    String id = person(name, false);
    api.inRegistry(name, id);
    Case c = submitGuest(name, id);
    capture(c, c.sessionId(), "PASS", 0.95, 0.70);
    awaitStatus(c, "UNDER_REVIEW");
    String[] operator = {"Authorization", Http.DEMO_OPERATOR};
    AtomicReference<String> taskId = new AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (JsonNode r : api.get("/api/v1/reviews", operator).body()) {
                if (c.applicationId().equals(r.path("applicationId").asText())) {
                  taskId.set(r.path("taskId").asText());
                }
              }
              return taskId.get() != null;
            });
    assertThat(api.get("/api/v1/reviews/" + taskId.get(), operator).status()).isEqualTo(200);
    HttpApi.Answer decided =
        api.post(
            "/api/v1/reviews/" + taskId.get(),
            Map.of("decision", "APPROVE", "note", "photo and registry answer checked"),
            operator);
    assertThat(decided.status()).as("%s", decided).isEqualTo(204);
    settle.accept(c.applicationId());
    awaitStatus(c, "ISSUED");
  }

  /**
   * Technical failures and malformed requests carrying personal data, so that error paths log:
   * truncated JSON, a wrong type, a wrong check character, a lookup of nobody, a signed callback
   * for an unknown session, an unsigned callback, a capture and a review of unknown ids.
   */
  public void failuresAndMalformedRequests(String name) {
    String id = person(name, false);
    String body =
        "{\"name\":\""
            + name
            + "\",\"idType\":\"RESIDENT_ID_CARD\",\"idNumber\":\""
            + id
            + "\",\"location\":{\"latitude\":39.9";
    assertThat(api.post("/api/v1/applications", body).status()).isEqualTo(400);
    Map<String, Object> wrongType = new HashMap<>(Passengers.guestApplication(name, id));
    wrongType.put("idNumber", List.of(id));
    assertThat(api.post("/api/v1/applications", wrongType).status()).isEqualTo(400);
    char check = id.charAt(17) == '1' ? '2' : '1';
    assertThat(api.submitAsGuest(name, id.substring(0, 17) + check).status()).isEqualTo(400);
    assertThat(api.submitAsGuest(name, id.substring(0, 17) + "x").status()).isIn(400, 422);
    assertThat(
            api.post(
                    "/api/v1/certificates/lookup",
                    Map.of("name", name, "idType", "RESIDENT_ID_CARD", "idNumber", id))
                .status())
        .isEqualTo(202);
    String callback = "{\"sessionId\":\"no-such-session-" + UUID.randomUUID() + "\"}";
    assertThat(
            api.post("/api/v1/liveness/callback", callback, "X-Liveness-Signature", sign(callback))
                .status())
        .isLessThan(500);
    assertThat(
            api.post(
                    "/api/v1/liveness/callback",
                    "{\"sessionId\":\"" + id + "\"}",
                    "X-Liveness-Signature",
                    "00")
                .status())
        .isEqualTo(401);
    assertThat(
            api.post("/api/v1/demo/liveness/no-such-session", Map.of("outcome", "PASS")).status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/reviews/no-such-task",
                    Map.of("decision", "APPROVE"),
                    "Authorization",
                    Http.DEMO_OPERATOR)
                .status())
        .isEqualTo(404);
  }

  /**
   * A guest issued a certificate and verified at a checkpoint: the case the retention purge will
   * take. Returns the application id.
   */
  public String guestToBePurged(String name) {
    String id = person(name, false);
    api.inRegistry(name, id);
    Case c = submitGuest(name, id);
    capture(c, c.sessionId(), "PASS", 0.97, 0.93);
    String certificateId = awaitStatus(c, "ISSUED").path("certificateId").asText();
    assertThat(verify(frameOf(certificateId, c, c.sessionId()), "gate-privacy-3").text("result"))
        .isEqualTo("ACCEPTED");
    return c.applicationId();
  }

  /**
   * A child under 14 applies with a guardian (identity, consent, the guardian's own face check), is
   * issued a certificate, is checked at a gate, reads the check log; then an operator revokes the
   * certificate with a note naming the guardian, and the holder sees it revoked. Returns the
   * certificate id.
   */
  public String childWithGuardianCheckedAndRevoked(String childName, String guardianName) {
    LocalDate today =
        LocalDate.ofInstant(api.clockNow(), cn.railway.tempid.shared.time.ClockConfiguration.CHINA);
    String child = TestIdentities.idNumber("110105", today.minusYears(9));
    String guardian = person(guardianName, true);
    scanner.name(childName).idNumber(child);
    api.inRegistry(childName, child);
    api.inRegistry(guardianName, guardian);
    Map<String, Object> body = new HashMap<>(Passengers.guestApplication(childName, child));
    Map<String, Object> consents = new HashMap<>(Passengers.ALL_CONSENTS);
    consents.put("guardian", true);
    body.put("consents", consents);
    body.put(
        "guardian",
        Map.of("name", guardianName, "idType", "RESIDENT_ID_CARD", "idNumber", guardian));
    HttpApi.Answer submitted = api.post("/api/v1/applications", body);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    Case c =
        new Case(
            submitted.text("applicationId"),
            submitted.body().path("liveness").path("sessionId").asText(),
            new String[] {"X-Applicant-Token", submitted.text("applicantToken")});
    capture(
        c,
        submitted.body().path("guardianLiveness").path("sessionId").asText(),
        "PASS",
        0.98,
        0.94);
    capture(c, c.sessionId(), "PASS", 0.97, 0.93);
    String certificateId = awaitStatus(c, "ISSUED").path("certificateId").asText();
    assertThat(verify(frameOf(certificateId, c, c.sessionId()), "gate-privacy-4").text("result"))
        .isEqualTo("ACCEPTED");
    HttpApi.Answer checks = api.get("/api/v1/certificates/" + certificateId + "/checks", c.auth());
    assertThat(checks.status()).isEqualTo(200);
    assertThat(checks.body().path("items")).hasSize(1);
    HttpApi.Answer revoked =
        api.post(
            "/api/v1/operator/certificates/" + certificateId + "/revocation",
            Map.of(
                "reasonCode",
                "GUARDIAN_REQUEST",
                "note",
                "guardian " + guardianName + " " + guardian + " asked to revoke"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
    assertThat(api.get("/api/v1/certificates/" + certificateId, c.auth()).text("status"))
        .isEqualTo("REVOKED");
    settle.accept(certificateId);
    return certificateId;
  }

  // --- steps ----------------------------------------------------------------------------------

  private Case submitGuest(String name, String id) {
    HttpApi.Answer submitted = api.submitAsGuest(name, id);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    return new Case(
        submitted.text("applicationId"),
        submitted.body().path("liveness").path("sessionId").asText(),
        new String[] {"X-Applicant-Token", submitted.text("applicantToken")});
  }

  private void capture(Case c, String sessionId, String outcome, double liveness, double face) {
    Map<String, Object> body =
        Map.of("outcome", outcome, "livenessScore", liveness, "faceMatchScore", face);
    HttpApi.Answer a = api.post("/api/v1/demo/liveness/" + sessionId, body);
    assertThat(a.status()).as("%s", a).isEqualTo(204);
    settle.accept(c.applicationId());
  }

  private JsonNode awaitStatus(Case c, String status) {
    AtomicReference<HttpApi.Answer> last = new AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              settle.accept(c.applicationId());
              last.set(api.get("/api/v1/applications/" + c.applicationId(), c.auth()));
              return last.get().status() == 200 && status.equals(last.get().text("status"));
            });
    return last.get().body();
  }

  private String frameOf(String certificateId, Case c, String livenessSessionId) {
    HttpApi.Answer opened =
        api.post(
            "/api/v1/certificates/" + certificateId + "/view-sessions",
            Map.of("livenessSessionId", livenessSessionId),
            c.auth());
    assertThat(opened.status()).as("%s", opened).isEqualTo(201);
    HttpApi.Answer frame =
        api.get(
            "/api/v1/certificates/" + certificateId + "/qr",
            "X-View-Session",
            opened.text("viewSessionToken"));
    assertThat(frame.status()).as("%s", frame).isEqualTo(200);
    return frame.text("token");
  }

  private boolean ticketMatch(String token, String ticketIdNumber) {
    HttpApi.Answer a =
        api.post(
            "/api/v1/verifications",
            Map.of(
                "token",
                token,
                "checkpoint",
                Map.of("id", "window-privacy-1", "type", "TICKET_WINDOW"),
                "ticketIdNumber",
                ticketIdNumber),
            "X-Checkpoint-Key",
            CHECKPOINT_KEY);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.text("result")).isEqualTo("ACCEPTED");
    return a.body().path("ticketHolderMatches").asBoolean();
  }

  private HttpApi.Answer verify(String token, String checkpointId) {
    HttpApi.Answer a =
        api.post(
            "/api/v1/verifications",
            Map.of("token", token, "checkpoint", Map.of("id", checkpointId, "type", "ENTRY_GATE")),
            "X-Checkpoint-Key",
            CHECKPOINT_KEY);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a;
  }

  private String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(callbackSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
