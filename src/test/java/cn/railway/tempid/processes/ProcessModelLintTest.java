package cn.railway.tempid.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * House rules for every process model in {@code processes/}: the files analysts open in Camunda
 * Modeler are the ones the engine deploys, so they must parse, be fully drawn, be readable and be
 * deployable.
 */
class ProcessModelLintTest {

  private static final String PROCESS_DIR = "processes";
  private static final String MAIN_PROCESS = ApplicationJourney.PROCESS_KEY;

  /** Ids the modeler generates, e.g. {@code Activity_1x2y3z4} or {@code Flow_0abc123}. */
  private static final List<Pattern> MODELER_DEFAULT_IDS =
      List.of(
          Pattern.compile(
              "^(Activity|Gateway|Event|Flow|StartEvent|EndEvent|Task|SequenceFlow|BoundaryEvent"
                  + "|SubProcess|UserTask|ServiceTask)_[0-9a-z]{7}$"),
          Pattern.compile("^[A-Za-z]+_[0-9][0-9a-z]{6}$"));

  static Stream<String> processFiles() {
    URL url = Thread.currentThread().getContextClassLoader().getResource(PROCESS_DIR);
    assertThat(url).as("classpath directory %s", PROCESS_DIR).isNotNull();
    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
      List<String> names =
          files
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".bpmn"))
              .sorted()
              .collect(Collectors.toList());
      assertThat(names).as("BPMN files in classpath:%s", PROCESS_DIR).isNotEmpty();
      return names.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BpmnModelInstance read(String fileName) {
    try (InputStream in =
        Thread.currentThread()
            .getContextClassLoader()
            .getResourceAsStream(PROCESS_DIR + "/" + fileName)) {
      assertThat(in).as(fileName).isNotNull();
      return Bpmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String processId(String fileName) {
    return fileName.substring(0, fileName.length() - ".bpmn".length());
  }

  private static <T extends ModelElementInstance> Collection<T> all(
      BpmnModelInstance model, Class<T> type) {
    return model.getModelElementsByType(type);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void parsesAndValidates(String fileName) {
    BpmnModelInstance model = read(fileName);
    assertThatCode(() -> Bpmn.validateModel(model)).as(fileName).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void processIdMatchesFileNameAndIsExecutableWithHistoryTimeToLive(String fileName) {
    Collection<Process> processes = all(read(fileName), Process.class);
    assertThat(processes).as("processes in %s", fileName).hasSize(1);
    Process process = processes.iterator().next();
    assertThat(process.getId()).as("process id in %s", fileName).isEqualTo(processId(fileName));
    assertThat(process.isExecutable()).as("%s is executable", fileName).isTrue();
    assertThat(process.getCamundaHistoryTimeToLiveString())
        .as("historyTimeToLive of %s", fileName)
        .isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void noModelerDefaultIds(String fileName) {
    List<String> defaults =
        all(read(fileName), org.camunda.bpm.model.bpmn.instance.BaseElement.class).stream()
            .map(element -> element.getId())
            .filter(
                id ->
                    id != null
                        && MODELER_DEFAULT_IDS.stream().anyMatch(p -> p.matcher(id).matches()))
            .sorted()
            .collect(Collectors.toList());
    assertThat(defaults)
        .as("ids that look like modeler defaults in %s; give them meaningful names", fileName)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void everyFlowNodeAndSequenceFlowIsDrawn(String fileName) {
    BpmnModelInstance model = read(fileName);
    Set<String> shapes =
        all(model, BpmnShape.class).stream()
            .filter(shape -> shape.getBpmnElement() != null)
            .map(shape -> shape.getBpmnElement().getId())
            .collect(Collectors.toSet());
    Set<String> edges =
        all(model, BpmnEdge.class).stream()
            .filter(edge -> edge.getBpmnElement() != null)
            .map(edge -> edge.getBpmnElement().getId())
            .collect(Collectors.toSet());
    List<String> undrawnNodes =
        all(model, FlowNode.class).stream()
            .map(FlowNode::getId)
            .filter(id -> !shapes.contains(id))
            .sorted()
            .collect(Collectors.toList());
    List<String> undrawnFlows =
        all(model, SequenceFlow.class).stream()
            .map(SequenceFlow::getId)
            .filter(id -> !edges.contains(id))
            .sorted()
            .collect(Collectors.toList());
    assertThat(undrawnNodes).as("flow nodes without a BPMNShape in %s", fileName).isEmpty();
    assertThat(undrawnFlows).as("sequence flows without a BPMNEdge in %s", fileName).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void tasksEventsAndGatewaysAreNamed(String fileName) {
    List<String> unnamed =
        all(read(fileName), FlowNode.class).stream()
            .filter(
                node ->
                    node instanceof Activity
                        || node instanceof Gateway
                        || (node instanceof Event && !isSubProcessStartOrEnd((Event) node)))
            .filter(node -> isBlank(node.getName()))
            .map(FlowNode::getId)
            .sorted()
            .collect(Collectors.toList());
    assertThat(unnamed).as("unnamed tasks, events or gateways in %s", fileName).isEmpty();
  }

  /**
   * Cockpit and Tasklist show names to operators who read Chinese and to ones who read English:
   * every named task, event, gateway, sub-process and the answer on every flow leaving an exclusive
   * gateway reads in both, as the DMN tables do ({@code Review application (审核申请)}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void namesAreInChineseAndEnglish(String fileName) {
    BpmnModelInstance model = read(fileName);
    Stream<ModelElementInstance> named =
        Stream.concat(
            all(model, FlowNode.class).stream()
                .filter(
                    node ->
                        node instanceof Activity
                            || node instanceof Gateway
                            || (node instanceof Event && !isBlank(node.getName()))),
            all(model, SequenceFlow.class).stream()
                .filter(flow -> flow.getSource() instanceof ExclusiveGateway));
    List<String> notBilingual =
        Stream.concat(named, all(model, Process.class).stream())
            .filter(element -> !isBilingual(element.getAttributeValue("name")))
            .map(
                element ->
                    element.getAttributeValue("id") + ": " + element.getAttributeValue("name"))
            .sorted()
            .collect(Collectors.toList());
    assertThat(notBilingual).as("names not in Chinese and English in %s", fileName).isEmpty();
  }

  private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
  private static final Pattern LATIN = Pattern.compile("\\p{IsLatin}");

  static boolean isBilingual(String name) {
    return name != null && CJK.matcher(name).find() && LATIN.matcher(name).find();
  }

  private static boolean isSubProcessStartOrEnd(Event event) {
    return (event instanceof StartEvent || event instanceof EndEvent)
        && event.getParentElement() instanceof SubProcess;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void serviceTasksHaveAnImplementation(String fileName) {
    List<String> missing =
        all(read(fileName), ServiceTask.class).stream()
            .filter(
                task ->
                    isBlank(task.getCamundaDelegateExpression())
                        && isBlank(task.getCamundaExpression()))
            .map(ServiceTask::getId)
            .sorted()
            .collect(Collectors.toList());
    assertThat(missing)
        .as("service tasks without delegateExpression or expression in %s", fileName)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processFiles")
  void exclusiveGatewaysCannotGetStuck(String fileName) {
    List<String> unguarded =
        all(read(fileName), ExclusiveGateway.class).stream()
            .filter(gateway -> gateway.getOutgoing().size() > 1)
            .filter(
                gateway ->
                    gateway.getDefault() == null
                        && gateway.getOutgoing().stream()
                            .anyMatch(flow -> flow.getConditionExpression() == null))
            .map(ExclusiveGateway::getId)
            .sorted()
            .collect(Collectors.toList());
    assertThat(unguarded)
        .as(
            "exclusive gateways in %s need a default flow or a condition on every outgoing flow",
            fileName)
        .isEmpty();
  }

  @Test
  void processesDeployToAnInMemoryEngine() {
    List<String> files = processFiles().collect(Collectors.toList());
    ProcessEngineConfiguration configuration =
        new StandaloneInMemProcessEngineConfiguration()
            .setProcessEngineName("process-model-lint")
            .setJdbcUrl("jdbc:h2:mem:lint;DB_CLOSE_DELAY=-1")
            .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
            .setJobExecutorActivate(false)
            .setHistory(ProcessEngineConfiguration.HISTORY_NONE);
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      DeploymentBuilder builder =
          engine.getRepositoryService().createDeployment().name("process-model-lint");
      files.forEach(file -> builder.addClasspathResource(PROCESS_DIR + "/" + file));
      Deployment deployment = builder.deploy();

      List<ProcessDefinition> definitions =
          engine
              .getRepositoryService()
              .createProcessDefinitionQuery()
              .deploymentId(deployment.getId())
              .list();
      assertThat(definitions)
          .extracting(ProcessDefinition::getKey)
          .containsExactlyInAnyOrderElementsOf(
              files.stream().map(ProcessModelLintTest::processId).toList())
          .contains(MAIN_PROCESS);
      assertThat(definitions)
          .allSatisfy(definition -> assertThat(definition.getHistoryTimeToLive()).isNotNull());
    } finally {
      engine.close();
    }
  }

  /**
   * The constants class of each process names exactly what its model declares: the process key is
   * the file, every {@code MESSAGE_*} is a message of the model (and every message of the model has
   * one), every {@code TASK_*} is a user task, and every variable constant appears in the model's
   * XML or is set by the Java glue only (listed in the class's own documentation).
   */
  @Test
  void constantsClassesMatchTheirModels() throws IOException {
    checkConstants(ApplicationJourney.class, ApplicationJourney.PROCESS_KEY);
    checkConstants(CertificateLifecycle.class, CertificateLifecycle.PROCESS_KEY);
  }

  private static void checkConstants(Class<?> constants, String processKey) throws IOException {
    BpmnModelInstance model = read(processKey + ".bpmn");
    Set<String> messages =
        all(model, Message.class).stream().map(Message::getName).collect(Collectors.toSet());
    Set<String> userTasks =
        all(model, UserTask.class).stream().map(UserTask::getId).collect(Collectors.toSet());
    Set<String> declaredMessages = new java.util.HashSet<>();
    for (Field field : constants.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      String value;
      try {
        value = (String) field.get(null);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      if (field.getName().startsWith("MESSAGE_")) {
        assertThat(messages)
            .as("%s.%s", constants.getSimpleName(), field.getName())
            .contains(value);
        declaredMessages.add(value);
      } else if (field.getName().startsWith("TASK_")) {
        assertThat(userTasks)
            .as("%s.%s", constants.getSimpleName(), field.getName())
            .contains(value);
      }
    }
    assertThat(declaredMessages)
        .as("every message of %s has a constant in %s", processKey, constants.getSimpleName())
        .containsExactlyInAnyOrderElementsOf(messages);
  }
}
