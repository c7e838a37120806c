package cn.railway.tempid.engine;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.springframework.util.ClassUtils;

/**
 * What one process model needs of a release ({@link RunningVersionsCheck}): each {@code
 * camunda:delegateExpression}, {@code camunda:expression} (its leading bean, and the method it
 * calls), {@code camunda:class}, execution and task listener must resolve, and every message the
 * model waits for must be one the release correlates. Whole models are checked, not just what the
 * instances can still reach.
 */
final class ProcessModelCheck {
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

  private ProcessModelCheck() {}

  /** The missing pieces of one model (the process {@code key} in it) against {@code release}. */
  static List<RunningVersionsCheck.Missing> check(
      BpmnModelInstance model, String key, int version, long instances, ReleaseContents release) {
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
        .map(p -> new RunningVersionsCheck.Missing(key, version, p[0], p[1], instances))
        .toList();
  }

  /** A message start event of the process itself starts new instances; none waits for it. */
  private static boolean startsAnInstance(CatchEvent event) {
    return event instanceof StartEvent && event.getParentElement() instanceof Process;
  }

  private static void message(
      BaseElement element, Message message, ReleaseContents release, Set<String> problems) {
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
      ReleaseContents release,
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
}
