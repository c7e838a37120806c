package cn.railway.tempid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.ModelerDeployment;
import cn.railway.tempid.support.Operators;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * The security issue's staff-door reproductions (API.md "Staff surfaces"; docs/security.md): each
 * test is one thing an attacker did on the service before these controls existed, against the real
 * server (Camunda's web apps and REST API are servlets, not Spring MVC).
 */
@ApplicationTest
class StaffSurfacesTest {
  @LocalServerPort int port;
  @Autowired Operators operators;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired FilterService filters;
  @Autowired ServletWebServerApplicationContext context;

  private final CookieManager cookies = new CookieManager();
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(cookies)
          .build();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /**
   * Without an administrator, anyone fetched the XSRF cookie from Camunda Admin's page and created
   * the first administrator through its setup resource ({@code 204}). Never, in any profile: the
   * administrator is taken away for the test so that Camunda itself would allow the setup.
   */
  @Test
  void camundasFirstAdministratorSetup_neverCreatesAUser_evenWhenThereIsNoAdministrator()
      throws Exception {
    List<String> admins =
        identity.createUserQuery().memberOfGroup("camunda-admin").list().stream()
            .map(u -> u.getId())
            .toList();
    admins.forEach(admin -> identity.deleteMembership(admin, "camunda-admin"));
    String intruder = "intruder" + UUID.randomUUID().toString().substring(0, 8);
    try {
      // Camunda Admin's page (without an administrator it redirects to its setup page) hands out
      // the XSRF cookie its API requires
      send(HttpRequest.newBuilder(uri("/camunda/app/admin/default/")).GET());
      String xsrf =
          cookies.getCookieStore().getCookies().stream()
              .filter(c -> c.getName().equals("XSRF-TOKEN"))
              .map(HttpCookie::getValue)
              .findFirst()
              .orElse("");
      assertThat(xsrf).as("Camunda's XSRF cookie").isNotEmpty();
      String body =
          "{\"profile\":{\"id\":\""
              + intruder
              + "\",\"firstName\":\"I\",\"lastName\":\"N\",\"email\":\"i@example.com\"},"
              + "\"credentials\":{\"password\":\"Intruder-Passw0rd-2026\"}}";
      for (String path :
          List.of(
              "/camunda/api/admin/setup/default/user/create",
              "/camunda/api/admin/%73etup/default/user/create",
              "/camunda/api/admin/setup/default/user/create/")) {
        HttpResponse<String> setup =
            send(
                HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .header("X-XSRF-TOKEN", xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(setup.statusCode()).as(path).isIn(403, 404);
      }
      assertThat(identity.createUserQuery().userId(intruder).count()).isZero();
    } finally {
      admins.forEach(admin -> identity.createMembership(admin, "camunda-admin"));
      if (identity.createUserQuery().userId(intruder).count() > 0) {
        identity.deleteUser(intruder);
      }
    }
  }

  /** The demo listened on every interface, with demo/demo as administrator. */
  @Test
  void theDemoListensOnTheLoopbackAddressOnly() {
    InetAddress address =
        (InetAddress)
            ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProperty("address");
    assertThat(address).as("the demo's bind address").isNotNull();
    assertThat(address.isLoopbackAddress()).as("%s", address).isTrue();
  }

  // --- deployments through the engine's REST API (Camunda Modeler) ---

  private HttpResponse<String> deploy(String authorization, Map<String, String> files)
      throws Exception {
    return send(ModelerDeployment.request(port, authorization, "probe", files));
  }

  /** A decision table no journey reads, with one input, one output and one row. */
  static String table(String key, String inputExpression, String outputEntry) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_%1$s"
            name="probe" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="%1$s" name="Probe">
            <decisionTable id="DecisionTable_%1$s">
              <input id="Input_Probe" label="x">
                %2$s
              </input>
              <output id="Output_Probe" name="outcome" typeRef="string" />
              <rule id="Rule_Probe">
                <inputEntry id="InputEntry_Probe"><text>-</text></inputEntry>
                <outputEntry id="OutputEntry_Probe"><text>%3$s</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
        </definitions>
        """
        .formatted(key, inputExpression, outputEntry);
  }

  static String feelInput() {
    return "<inputExpression id=\"InputExpression_Probe\" typeRef=\"string\"><text>x</text>"
        + "</inputExpression>";
  }

  private static String probeKey() {
    return "gateProbe" + UUID.randomUUID().toString().substring(0, 8);
  }

  private long deployed(String decisionKey) {
    return repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey).count();
  }

  /**
   * An analyst (the demo operator is one) deploys a FEEL table with its case rows: the release's
   * service area table, unchanged, so that withdrawing it changes nothing for the other tests.
   */
  @Test
  void anAnalyst_deploysAFeelDecisionTable() throws Exception {
    long before = deployed("serviceArea");
    HttpResponse<String> ok =
        deploy(
            Http.DEMO_OPERATOR,
            Map.of(
                "service-area.dmn",
                release("service-area.dmn"),
                "service-area.cases.csv",
                release("service-area.cases.csv")));
    try {
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(deployed("serviceArea")).isEqualTo(before + 1);
    } finally {
      if (ok.statusCode() == 200) {
        repository.deleteDeployment(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ok.body())
                .path("id")
                .asText(),
            true);
      }
    }
  }

  private static String release(String file) throws java.io.IOException {
    try (java.io.InputStream in =
        new org.springframework.core.io.ClassPathResource("dmn/" + file).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * An administrator deployed a BPMN whose service task called {@code Runtime.exec}: a file
   * appeared on the server. Processes ship with a release; the deployment is refused whole.
   */
  @Test
  void aProcessDeployedThroughTheEngineRestApi_isRefusedWhole() throws Exception {
    String processKey = "intrusion" + UUID.randomUUID().toString().substring(0, 8);
    String decisionKey = probeKey();
    String bpmn =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="probe">
          <process id="%s" isExecutable="true">
            <startEvent id="StartEvent_1" />
            <sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_Exec" />
            <serviceTask id="Task_Exec"
                camunda:expression="${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch /tmp/pwned')}" />
            <sequenceFlow id="Flow_2" sourceRef="Task_Exec" targetRef="EndEvent_1" />
            <endEvent id="EndEvent_1" />
          </process>
        </definitions>
        """
            .formatted(processKey);

    HttpResponse<String> refused =
        deploy(
            Http.DEMO_OPERATOR,
            Map.of(
                processKey + ".bpmn",
                bpmn,
                decisionKey + ".dmn",
                table(decisionKey, feelInput(), "\"ALLOW\"")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains(processKey + ".bpmn").contains("decision tables");
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(processKey).count())
        .isZero();
    assertThat(deployed(decisionKey)).as("refused whole: not even the table").isZero();
  }

  /** Only members of {@code analysts} deploy: an administrator who is not one is refused. */
  @Test
  void anAdministratorWhoIsNotAnAnalyst_cannotDeploy() throws Exception {
    String admin = operators.newUser();
    identity.createMembership(admin, "camunda-admin");
    String key = probeKey();

    HttpResponse<String> refused =
        deploy(
            Http.basic(admin, Operators.PASSWORD),
            Map.of(key + ".dmn", table(key, feelInput(), "\"ALLOW\"")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(deployed(key)).isZero();
  }

  /** A DMN input in JUEL is Java code on the server: refused, naming the table and the column. */
  @Test
  void aDecisionTableWithJuel_isRefused_namingTheTableAndTheColumn() throws Exception {
    String key = probeKey();
    String juel =
        "<inputExpression id=\"InputExpression_Juel\" typeRef=\"string\""
            + " expressionLanguage=\"juel\"><text>${''.getClass().getName()}</text>"
            + "</inputExpression>";

    HttpResponse<String> refused =
        deploy(Http.DEMO_OPERATOR, Map.of(key + ".dmn", table(key, juel, "\"ALLOW\"")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body())
        .contains(key + ".dmn")
        .contains("decision " + key)
        .contains("input Input_Probe")
        .contains("\\\"juel\\\" is not allowed");
    assertThat(deployed(key)).isZero();
  }

  /** A FEEL external function names a Java class and method: refused like JUEL. */
  @Test
  void aDecisionTableWithAFeelExternalFunction_isRefused() throws Exception {
    String key = probeKey();
    String external =
        "function(k) external {java: {class: \"java.lang.System\","
            + " method signature: \"getProperty(java.lang.String)\"}}";

    HttpResponse<String> refused =
        deploy(Http.DEMO_OPERATOR, Map.of(key + ".dmn", table(key, feelInput(), external)));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("rule Rule_Probe").contains("external function");
    assertThat(deployed(key)).isZero();
  }

  /**
   * The gate is in the engine, not at one URL: the web apps' copy of the REST API and any other
   * door reach the same deployment command, and so does a deployment without a login (the release
   * at start-up), which still cannot carry JUEL.
   */
  @Test
  void theGateHoldsAtTheEngine_forEveryDoor() {
    String key = probeKey();
    identity.setAuthentication("someone", List.of("camunda-admin", "reviewers"));
    try {
      assertThatThrownBy(
              () ->
                  repository
                      .createDeployment()
                      .addString(key + ".dmn", table(key, feelInput(), "\"ALLOW\""))
                      .deploy())
          .isInstanceOf(AuthorizationException.class);
    } finally {
      identity.clearAuthentication();
    }
    String juel =
        "<inputExpression id=\"InputExpression_Juel\" expressionLanguage=\"JUEL\"><text>${x}</text>"
            + "</inputExpression>";
    assertThatThrownBy(
            () ->
                repository
                    .createDeployment()
                    .addString(key + ".dmn", table(key, juel, "\"A\""))
                    .deploy())
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("not allowed");
    assertThat(deployed(key)).isZero();
  }

  /**
   * A Tasklist filter is a stored query: an expression in it would be JUEL evaluated on the server
   * for whoever opens the filter.
   */
  @Test
  void aTasklistFilterWithAnExpression_isRefused() throws Exception {
    String name = "probe" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(uri("/engine-rest/filter/create"))
                .header("Authorization", Http.DEMO_OPERATOR)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"resourceType\":\"Task\",\"name\":\""
                            + name
                            + "\",\"query\":{\"assigneeExpression\":\"${currentUser()}\"}}")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(filters.createFilterQuery().filterName(name).count()).isZero();
  }
}
