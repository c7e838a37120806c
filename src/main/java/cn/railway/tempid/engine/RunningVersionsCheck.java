package cn.railway.tempid.engine;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.ProcessDefinitionStatistics;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A release refuses to start on a database whose running process instances it cannot serve (issue
 * 23). Certificates live 24 hours and applications wait for faces, so every release meets instances
 * of older process versions; each instance keeps the model version it started with, and the engine
 * resolves that model's delegate expressions, listeners and classes against <em>this</em> release's
 * beans only when the instance gets there. A release that renamed {@code expireCertificateDelegate}
 * once started and reported ready, and hours later every old certificate stopped at its expiry with
 * an incident.
 *
 * <p>So, once the release is deployed ({@link PostDeployEvent}, before the job executor starts and
 * before the context reports ready), every process definition version that still has running
 * instances is parsed (once) and each {@code camunda:delegateExpression}, {@code
 * camunda:expression} (its leading bean, and the method it calls), {@code camunda:class}, execution
 * and task listener must resolve here, and every message the model waits for must be one this
 * release correlates ({@code MESSAGE_*} of {@link ApplicationJourney} and {@link
 * CertificateLifecycle}). Whole models are checked, not just what the instances can still reach: a
 * model either runs on this release or it does not. Definitions without running instances are
 * skipped (one grouped statistics query finds them).
 *
 * <p>Anything missing: one {@code ERROR} line per missing piece naming the process key, version,
 * element and what is missing, and the start fails with an exception saying the same, so the node
 * never reports ready. {@code tempid.engine.running-versions-check=warn} starts anyway (the lines
 * stay), for an operator who migrates the instances right after (docs/operations.md).
 *
 * <p>What one model needs is found by {@link ProcessModelCheck}; what this release has is {@link
 * ReleaseContents}.
 */
@Component
class RunningVersionsCheck {
  private static final Logger log = LoggerFactory.getLogger(RunningVersionsCheck.class);

  /** A piece a running version needs that this release does not have. */
  record Missing(String processKey, int version, String elementId, String what, long instances) {
    @Override
    public String toString() {
      return "process '"
          + processKey
          + "' version "
          + version
          + " ("
          + instances
          + " running instance(s)), element '"
          + elementId
          + "': "
          + what;
    }
  }

  private final ManagementService management;
  private final RepositoryService repository;

  /** This release, as the check sees it. */
  final ReleaseContents release;

  private final boolean refuse;

  RunningVersionsCheck(
      ManagementService management,
      RepositoryService repository,
      ListableBeanFactory beans,
      EngineProperties properties) {
    this.management = management;
    this.repository = repository;
    this.release = ReleaseContents.of(beans, RunningVersionsCheck.class.getClassLoader());
    this.refuse = properties.engine().refuses();
  }

  @EventListener
  void onReleaseDeployed(PostDeployEvent event) {
    List<Missing> missing = findMissing(release);
    if (missing.isEmpty()) {
      return;
    }
    for (Missing m : missing) {
      log.error("Running instances cannot be served by this release: {}", m);
    }
    if (refuse) {
      throw new IllegalStateException(
          "This release cannot serve the running process instances (docs/operations.md, \"Releasing"
              + " a change to a process\"); keep the missing names as aliases or migrate the"
              + " instances first:\n- "
              + String.join("\n- ", missing.stream().map(Missing::toString).toList()));
    }
  }

  /**
   * Every piece that {@code release} lacks of every version with running instances; empty when all
   * resolve.
   */
  List<Missing> findMissing(ReleaseContents release) {
    List<Missing> missing = new ArrayList<>();
    for (ProcessDefinitionStatistics d :
        management.createProcessDefinitionStatisticsQuery().unlimitedList()) {
      if (d.getInstances() == 0) {
        continue;
      }
      BpmnModelInstance model = repository.getBpmnModelInstance(d.getId());
      missing.addAll(
          ProcessModelCheck.check(model, d.getKey(), d.getVersion(), d.getInstances(), release));
    }
    return missing;
  }
}
