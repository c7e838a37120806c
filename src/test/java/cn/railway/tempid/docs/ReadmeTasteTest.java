package cn.railway.tempid.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README's taste of the API answers as the README says, on a freshly started service as its run
 * command starts it (see {@link WalkthroughTest}). That it stays a front door is {@link
 * ReadmeFrontDoorTest}, a plain unit test.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own beside the shared H2 one in this JVM: own database, engine, scheduler
      "spring.datasource.url=jdbc:h2:mem:tempid-readme;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "camunda.bpm.generate-unique-process-engine-name=true",
      "camunda.bpm.generate-unique-process-application-name=true",
      // Camunda's web apps keep their Spring context in static fields: a second one would take
      // them over from the shared context and leave them on a closed one (Cockpit, Tasklist)
      "camunda.bpm.webapp.enabled=false",
      "spring.quartz.scheduler-name=tempid-readme"
    })
@ActiveProfiles("demo")
@AutoConfigureMockMvc // the shared test helpers (support.Http) need it; the test itself uses curl
@DirtiesContext
class ReadmeTasteTest {
  @LocalServerPort int port;

  @Test
  void theReadmesCurlSteps_answerAsTheReadmeSays() throws Exception {
    assumeTrue(ShellTools.present(), "bash, curl and jq are needed (the README uses them)");
    int blocks = DocumentedShellSession.run(Path.of("README.md"), port, Map.of());
    assertThat(blocks).as("shell blocks run").isEqualTo(3);
  }
}
