package cn.railway.tempid.engine;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.ProcessDefinitionStatistics;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.ThrowEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

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
 */
@Component
class RunningVersionsCheck {
  private static final Logger log = LoggerFactory.getLogger(RunningVersionsCheck.class);

  /**
   * Names the engine itself provides to expressions; the leading identifier of an expression is
   * looked up as a bean only when it is none of these.
   */
  static final Set<String> ENGINE_NAMES =
      Set.of(
          "execution",
          "task",
          "externalTask",
          "caseExecution",
          "variableScope",
          "authenticatedUserId",
          "currentUser",
          "currentUserGroups",
          "dateTime",
          "true",
          "false",
          "null",
          "empty",
          "not");

  /** {@code ${name}}, {@code ${name.member}} or {@code ${name.member(…)}}, also with {@code #}. */
  private static final Pattern LEADING =
      Pattern.compile(
          "^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\()?)?");

  /** What this release can serve: beans, classes and the messages it correlates. */
  interface Release {
    /** The type of the bean of that name, {@code Object} if unknown, null if no such bean. */
    Class<?> beanType(String name);

    boolean loadsClass(String className);

    boolean correlates(String messageName);
  }

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
  final Release release;

  private final boolean refuse;

  RunningVersionsCheck(
      ManagementService management,
      RepositoryService repository,
      ListableBeanFactory beans,
      @Value("${tempid.engine.running-versions-check:refuse}") String mode) {
    this.management = management;
    this.repository = repository;
    this.release = springRelease(beans, RunningVersionsCheck.class.getClassLoader());
    if (!mode.equals("refuse") && !mode.equals("warn")) {
      throw new IllegalArgumentException(
          "tempid.engine.running-versions-check is 'refuse' or 'warn', not '" + mode + "'");
    }
    this.refuse = mode.equals("refuse");
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
  List<Missing> findMissing(Release release) {
    List<Missing> missing = new ArrayList<>();
    for (ProcessDefinitionStatistics d :
        management.createProcessDefinitionStatisticsQuery().unlimitedList()) {
      if (d.getInstances() == 0) {
        continue;
      }
      BpmnModelInstance model = repository.getBpmnModelInstance(d.getId());
      missing.addAll(check(model, d.getKey(), d.getVersion(), d.getInstances(), release));
    }
    return missing;
  }

  /** The missing pieces of one model (the process {@code key} in it) against {@code release}. */
  static List<Missing> check(
      BpmnModelInstance model, String key, int version, long instances, Release release) {
    Set<String> problems = new TreeSet<>(); // "elementId\0what", sorted and without repeats
    for (ServiceTask t : model.getModelElementsByType(ServiceTask.class)) {
      delegate(
          t,
          t.getCamundaClass(),
          t.getCamundaExpression(),
          t.getCamundaDelegateExpression(),
          release,
          problems);
    }
    for (SendTask t : model.getModelElementsByType(SendTask.class)) {
      delegate(
          t,
          t.getCamundaClass(),
          t.getCamundaExpression(),
          t.getCamundaDelegateExpression(),
          release,
          problems);
    }
    for (BusinessRuleTask t : model.getModelElementsByType(BusinessRuleTask.class)) {
      delegate(
          t,
          t.getCamundaClass(),
          t.getCamundaExpression(),
          t.getCamundaDelegateExpression(),
          release,
          problems);
    }
    for (CamundaExecutionListener l :
        model.getModelElementsByType(CamundaExecutionListener.class)) {
      delegate(
          l,
          l.getCamundaClass(),
          l.getCamundaExpression(),
          l.getCamundaDelegateExpression(),
          release,
          problems);
    }
    for (CamundaTaskListener l : model.getModelElementsByType(CamundaTaskListener.class)) {
      delegate(
          l,
          l.getCamundaClass(),
          l.getCamundaExpression(),
          l.getCamundaDelegateExpression(),
          release,
          problems);
    }
    for (MessageEventDefinition m : model.getModelElementsByType(MessageEventDefinition.class)) {
      ModelElementInstance event = m.getParentElement();
      if (event instanceof ThrowEvent) {
        delegate(
            m,
            m.getCamundaClass(),
            m.getCamundaExpression(),
            m.getCamundaDelegateExpression(),
            release,
            problems);
      } else if (event instanceof CatchEvent catchEvent && !startsAnInstance(catchEvent)) {
        message(catchEvent, m.getMessage(), release, problems);
      }
    }
    for (ReceiveTask t : model.getModelElementsByType(ReceiveTask.class)) {
      message(t, t.getMessage(), release, problems);
    }
    return problems.stream()
        .map(p -> p.split("\0", 2))
        .map(p -> new Missing(key, version, p[0], p[1], instances))
        .toList();
  }

  /** A message start event of the process itself starts new instances; none waits for it. */
  private static boolean startsAnInstance(CatchEvent event) {
    return event instanceof StartEvent && event.getParentElement() instanceof Process;
  }

  private static void message(
      BaseElement element, Message message, Release release, Set<String> problems) {
    if (message == null || message.getName() == null) {
      problems.add(element.getId() + "\0waits for a message without a name");
    } else if (!release.correlates(message.getName())) {
      problems.add(
          element.getId()
              + "\0message '"
              + message.getName()
              + "' is never correlated by this release");
    }
  }

  private static void delegate(
      ModelElementInstance element,
      String className,
      String expression,
      String delegateExpression,
      Release release,
      Set<String> problems) {
    String id = idOf(element);
    if (className != null && !className.isBlank() && !release.loadsClass(className.strip())) {
      problems.add(id + "\0class '" + className.strip() + "' does not load in this release");
    }
    for (String e : Arrays.asList(expression, delegateExpression)) {
      if (e == null || e.isBlank()) {
        continue;
      }
      Matcher m = LEADING.matcher(e);
      if (!m.find()) {
        continue; // not a bean reference this check understands (e.g. a literal)
      }
      String bean = m.group(1);
      if (ENGINE_NAMES.contains(bean)) {
        continue;
      }
      Class<?> type = release.beanType(bean);
      if (type == null) {
        problems.add(id + "\0bean '" + bean + "' is not defined in this release");
      } else if (m.group(3) != null && !hasMethod(type, m.group(2))) {
        problems.add(
            id
                + "\0bean '"
                + bean
                + "' ("
                + type.getName()
                + ") has no method '"
                + m.group(2)
                + "' in this release");
      }
    }
  }

  private static boolean hasMethod(Class<?> type, String name) {
    if (type == Object.class) {
      return true; // type unknown (e.g. a factory bean): the bean's existence is what is known
    }
    for (Method method : ClassUtils.getUserClass(type).getMethods()) {
      if (method.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The id of the element itself, or of the flow node / process a listener belongs to. */
  private static String idOf(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof BaseElement base && base.getId() != null) {
        return base.getId();
      }
    }
    return "?";
  }

  /** This release: the beans of the application context, its classes, its correlated messages. */
  static Release springRelease(ListableBeanFactory beans, ClassLoader classLoader) {
    Set<String> messages =
        correlatedMessages(List.of(ApplicationJourney.class, CertificateLifecycle.class));
    return new Release() {
      @Override
      public Class<?> beanType(String name) {
        if (!beans.containsBean(name)) {
          return null;
        }
        Class<?> type = beans.getType(name, false);
        return type == null ? Object.class : type;
      }

      @Override
      public boolean loadsClass(String className) {
        try {
          Class.forName(className, false, classLoader);
          return true;
        } catch (ClassNotFoundException | LinkageError e) {
          return false;
        }
      }

      @Override
      public boolean correlates(String messageName) {
        return messages.contains(messageName);
      }
    };
  }

  /**
   * The messages this release correlates: the {@code MESSAGE_*} constants of the process name
   * catalogues, which the process glue ({@code application.process}, {@code certificate.process})
   * correlates and {@code ProcessModelLintTest} ties to the models.
   */
  static Set<String> correlatedMessages(Collection<Class<?>> catalogues) {
    Set<String> names = new TreeSet<>();
    for (Class<?> catalogue : catalogues) {
      for (Field field : catalogue.getFields()) {
        if (field.getName().startsWith("MESSAGE_")
            && field.getType() == String.class
            && Modifier.isStatic(field.getModifiers())) {
          try {
            names.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return names;
  }
}
