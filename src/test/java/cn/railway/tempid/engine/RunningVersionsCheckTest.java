package cn.railway.tempid.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import cn.railway.tempid.support.ApplicationTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationContext;

/**
 * Issue 23: the start-up check finds what a running process version needs and this release lacks (a
 * renamed delegate, a listener's bean or method, a class, a message nobody correlates), names the
 * process key, version, element and the missing piece, and makes the start fail; the release's own
 * models pass against its own beans. The PostgreSQL side (a second release on the same database) is
 * {@code postgres.RollingUpgradeOnPostgresTest}.
 */
@ApplicationTest
class RunningVersionsCheckTest {
  @Autowired RunningVersionsCheck check;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired ProcessEngine engine;
  @Autowired ApplicationContext context;

  private static BpmnModelInstance model(String file) throws Exception {
    try (InputStream in =
        RunningVersionsCheckTest.class.getClassLoader().getResourceAsStream("processes/" + file)) {
      return Bpmn.readModelFromStream(in);
    }
  }

  /** This release minus one bean name (a release that renamed it). */
  private ReleaseContents without(String bean) {
    ReleaseContents real = check.release;
    return new ReleaseContents() {
      @Override
      public Class<?> beanType(String name) {
        return name.equals(bean) ? null : real.beanType(name);
      }

      @Override
      public boolean loadsClass(String className) {
        return real.loadsClass(className);
      }

      @Override
      public boolean correlates(String messageName) {
        return real.correlates(messageName);
      }
    };
  }

  @Test
  void theReleasesOwnModelsResolveAgainstItsOwnBeansAndMessages() throws Exception {
    assertThat(
            ProcessModelCheck.check(
                model("temporary-id-application.bpmn"),
                ApplicationJourney.PROCESS_KEY,
                1,
                1,
                check.release))
        .isEmpty();
    assertThat(
            ProcessModelCheck.check(
                model("temporary-id-certificate.bpmn"),
                CertificateLifecycle.PROCESS_KEY,
                1,
                1,
                check.release))
        .isEmpty();
  }

  @Test
  void aRenamedDelegateIsNamedWithTheVersionAndTheElement() throws Exception {
    List<RunningVersionsCheck.Missing> missing =
        ProcessModelCheck.check(
            model("temporary-id-certificate.bpmn"),
            CertificateLifecycle.PROCESS_KEY,
            7,
            3,
            without("expireCertificateDelegate"));
    assertThat(missing).hasSize(1);
    assertThat(missing.get(0).toString())
        .isEqualTo(
            "process 'temporary-id-certificate' version 7 (3 running instance(s)), element"
                + " 'Task_ExpireCertificate': bean 'expireCertificateDelegate' is not defined in"
                + " this release");
  }

  @Test
  void listenersTheirMethodsClassesAndMessagesAreCheckedToo() throws Exception {
    BpmnModelInstance application = model("temporary-id-application.bpmn");
    // a listener's bean gone: every element using it is named (the process-level one included)
    List<String> withoutOutcomes =
        ProcessModelCheck.check(
                application, ApplicationJourney.PROCESS_KEY, 2, 1, without("applicationOutcomes"))
            .stream()
            .map(RunningVersionsCheck.Missing::elementId)
            .toList();
    assertThat(withoutOutcomes).contains(ApplicationJourney.PROCESS_KEY).hasSizeGreaterThan(5);

    // a method renamed, a class removed, a message no longer correlated
    String xml =
        Bpmn.convertToString(application)
            .replace("applicationOutcomes.processEnded(", "applicationOutcomes.processFinished(")
            .replace(
                "camunda:delegateExpression=\"${escalateReviewDelegate}\"",
                "camunda:class=\"cn.railway.tempid.review.GoneEscalation\"")
            .replace("name=\"LivenessRetryRequested\"", "name=\"LivenessRetryWanted\"");
    List<String> found =
        ProcessModelCheck.check(
                Bpmn.readModelFromStream(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))),
                ApplicationJourney.PROCESS_KEY,
                3,
                1,
                check.release)
            .stream()
            .map(RunningVersionsCheck.Missing::toString)
            .toList();
    assertThat(found)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("element 'temporary-id-application'")
                    .contains("has no method 'processFinished'"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("element 'Task_EscalateReview'")
                    .contains("class 'cn.railway.tempid.review.GoneEscalation' does not load"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("element 'Event_RetryRequested'")
                    .contains("message 'LivenessRetryWanted' is never correlated"))
        .hasSize(3);
  }

  @Test
  void onlyVersionsWithRunningInstancesAreChecked_andAMissingPieceFailsTheStart() {
    // no running certificate lifecycle of this test: whatever the rest of the suite left running
    // is served by this release
    assertThat(check.findMissing(check.release)).isEmpty();

    String certificateId = UUID.randomUUID().toString();
    Instant far = Instant.now().plusSeconds(365L * 24 * 3600);
    ProcessInstance instance =
        runtime.startProcessInstanceByKey(
            CertificateLifecycle.PROCESS_KEY,
            certificateId,
            Map.of(
                CertificateLifecycle.CERTIFICATE_ID,
                certificateId,
                CertificateLifecycle.RENEWAL_OPENS_AT,
                Date.from(far),
                CertificateLifecycle.EXPIRES_AT,
                Date.from(far.plusSeconds(3600))));
    try {
      int version = repository.getProcessDefinition(instance.getProcessDefinitionId()).getVersion();
      assertThat(check.findMissing(without("expireCertificateDelegate")))
          .extracting(RunningVersionsCheck.Missing::toString)
          .contains(
              "process 'temporary-id-certificate' version "
                  + version
                  + " ("
                  + runtime
                      .createProcessInstanceQuery()
                      .processDefinitionId(instance.getProcessDefinitionId())
                      .count()
                  + " running instance(s)), element 'Task_ExpireCertificate': bean"
                  + " 'expireCertificateDelegate' is not defined in this release");

      // the check as the start runs it: on this release nothing is missing, the start goes on
      check.onReleaseDeployed(new PostDeployEvent(engine));
      // a release without the bean throws, naming the piece (the context fails to start)
      RunningVersionsCheck renamed =
          new RunningVersionsCheck(
              engine.getManagementService(), repository, new WithoutBean(), mode("refuse"));
      assertThatThrownBy(() -> renamed.onReleaseDeployed(new PostDeployEvent(engine)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("element 'Task_ExpireCertificate'")
          .hasMessageContaining("bean 'expireCertificateDelegate' is not defined in this release");
      // warn: the same lines, the start goes on
      new RunningVersionsCheck(
              engine.getManagementService(), repository, new WithoutBean(), mode("warn"))
          .onReleaseDeployed(new PostDeployEvent(engine));
    } finally {
      runtime.deleteProcessInstance(instance.getId(), "test over", true, true);
    }
  }

  /**
   * The engine's settings with {@code tempid.engine.running-versions-check} set to {@code mode}.
   */
  private static EngineProperties mode(String mode) {
    return new EngineProperties(null, null, new EngineProperties.Engine(mode));
  }

  /** The application's beans without {@code expireCertificateDelegate}. */
  private class WithoutBean extends StaticListableBeanFactory {
    @Override
    public boolean containsBean(String name) {
      return !name.equals("expireCertificateDelegate") && context.containsBean(name);
    }

    @Override
    public Class<?> getType(String name, boolean allowFactoryBeanInit) {
      return context.getType(name, allowFactoryBeanInit);
    }
  }
}
