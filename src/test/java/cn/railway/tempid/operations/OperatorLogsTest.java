package cn.railway.tempid.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Logs an operator can follow (docs/operations.md, "Logs"): the application, certificate or review
 * task a request or job is about is on its log lines; a client that hangs up is no error; Cockpit's
 * {@code /camunda-welcome} link is no warning.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class OperatorLogsTest {
  @Autowired Http http;
  @Autowired Passengers passengers;
  @Autowired Jobs jobs;
  @Autowired AdjustableClock clock;
  @LocalServerPort int port;

  @Autowired
  @Qualifier("handlerExceptionResolver")
  HandlerExceptionResolver resolver;

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void capture() {
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
  }

  record Issued(String applicationId, String token, String certificateId) {}

  private Issued issue() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("周九", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("周九", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    Passengers.Answer app = passengers.application(id, submitted.text("applicantToken"));
    assertThat(app.text("status")).isEqualTo("ISSUED");
    return new Issued(id, submitted.text("applicantToken"), app.text("certificateId"));
  }

  private List<ILoggingEvent> lines(String containing) {
    return captured.list.stream()
        .filter(e -> e.getFormattedMessage().contains(containing))
        .toList();
  }

  @Test
  void aRequestsLogLines_carryTheCertificateItIsAbout(CapturedOutput output) throws Exception {
    Issued issued = issue();

    Passengers.Answer revoked =
        passengers.postJson(
            "/api/v1/operator/certificates/" + issued.certificateId() + "/revocation",
            Map.of("reasonCode", "REPORTED_FRAUD"),
            "Authorization",
            Http.DEMO_OPERATOR);
    assertThat(revoked.status()).isEqualTo(200);

    List<ILoggingEvent> lines = lines("revoked by");
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.getMDCPropertyMap())
                    .containsEntry("certificateId", issued.certificateId())
                    .containsKey("traceId"));
    // the plain (demo) format shows it too
    assertThat(output.getOut())
        .containsPattern("certificateId=" + issued.certificateId() + "\\] [^\\n]*revoked by");
  }

  @Test
  void jobLogLines_carryTheApplicationOrTheCertificate_eachUnderItsOwnName() throws Exception {
    Logger engine = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine");
    Level before = engine.getLevel();
    Issued issued;
    engine.setLevel(Level.DEBUG);
    try {
      issued = issue(); // runs the journey's jobs
    } finally {
      engine.setLevel(before);
    }
    assertThat(captured.list)
        .as("engine lines of the journey's jobs")
        .anySatisfy(
            line ->
                assertThat(line.getMDCPropertyMap())
                    .containsEntry("applicationId", issued.applicationId()));

    // the certificate's lifecycle: its renewal window opens (a timer job)
    clock.advance(Duration.ofHours(22));
    jobs.runDue(issued.certificateId());
    List<ILoggingEvent> lines = lines("Renewal window open for certificate");
    assertThat(lines)
        .filteredOn(l -> l.getFormattedMessage().contains(issued.certificateId()))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.getMDCPropertyMap())
                    .containsEntry("certificateId", issued.certificateId())
                    .doesNotContainKey("applicationId"));
  }

  @Test
  void aClientThatHangsUpOnALongPoll_isNoError(CapturedOutput output) throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("吴十", idNumber);
    Passengers.Answer submitted = passengers.submitAsGuest("吴十", idNumber);
    assertThat(submitted.status()).isEqualTo(201);
    String id = submitted.text("applicationId");

    hangUpAfter(
        "GET /api/v1/applications/"
            + id
            + " HTTP/1.1\r\nHost: localhost\r\nX-Applicant-Token: "
            + submitted.text("applicantToken")
            + "\r\nPrefer: wait=20\r\n\r\n");
    // the journey moves on: the waiting request is answered on a connection that is gone
    passengers.completeLiveness(
        id, submitted.body().path("liveness").path("sessionId").asText(), "PASS", null, null);
    Thread.sleep(1000); // real time: the answer is written on another thread

    assertNoErrorAbout(output);
  }

  /**
   * A synchronous answer whose write fails because the client hung up: Tomcat throws {@code
   * ClientAbortException} (broken pipe, connection reset) out of the message converter, and the
   * exception resolvers get it as they get any failure of a handler.
   */
  @Test
  void aWriteToAClientThatHungUp_isLoggedAtDebug_notAsAnError() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/applications/x");
    MockHttpServletResponse response = new MockHttpServletResponse();
    Object handler = new HandlerMethod(this, getClass().getDeclaredMethod("issue"));
    Logger problems = (Logger) LoggerFactory.getLogger("cn.railway.tempid.shared.problem");
    Level before = problems.getLevel();
    problems.setLevel(Level.DEBUG);
    try {
      resolver.resolveException(
          request,
          response,
          handler,
          new ClientAbortException(new java.io.IOException("Broken pipe")));
    } finally {
      problems.setLevel(before);
    }

    assertThat(captured.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("ClientAbortException"));
    assertThat(lines("Client went away: org.apache.catalina.connector.ClientAbortException"))
        .singleElement()
        .satisfies(line -> assertThat(line.getLevel()).isEqualTo(Level.DEBUG));
  }

  /** Sends a request, reads nothing, and hangs up hard after a second (a phone losing its net). */
  private void hangUpAfter(String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("localhost", port));
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(1000); // real time on a real socket: the request is being served by now
      socket.setSoLinger(true, 0); // close sends a reset
    }
  }

  private void assertNoErrorAbout(CapturedOutput output) {
    assertThat(captured.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("Abort") || m.contains("IOException") || m.contains("Broken"));
    assertThat(output.getOut())
        .doesNotContain("ClientAbortException")
        .doesNotContain("Broken pipe");
  }

  @Test
  void camundaWelcome_leadsToTheWelcomePage_withoutAWarning(CapturedOutput output)
      throws Exception {
    Http.Response welcome = http.get("/camunda-welcome");
    assertThat(welcome.status()).isEqualTo(302);
    assertThat(welcome.servletResponse().getRedirectedUrl())
        .isEqualTo("/camunda/app/welcome/default/");

    try (Socket socket = new Socket("localhost", port)) {
      socket
          .getOutputStream()
          .write(
              "GET /camunda-welcome HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 302");
    }
    assertThat(output.getOut())
        .doesNotContain("No mapping")
        .doesNotContainPattern("WARN[^\\n]*camunda-welcome");
  }
}
