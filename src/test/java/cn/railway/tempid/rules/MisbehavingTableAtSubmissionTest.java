package cn.railway.tempid.rules;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A table that passed the rule gate can still answer something the service cannot act on for inputs
 * its case rows never tried (an expression in an output cell). Where a passenger waits for the
 * table (a submission's pre-checks), the answer is {@code 503 SERVICE_UNAVAILABLE} with {@code
 * Retry-After}, nothing is stored, and the log names the table; never a 500.
 */
@ApplicationTest
class MisbehavingTableAtSubmissionTest {
  @Autowired RepositoryService repository;
  @Autowired Http http;
  @Autowired AdjustableClock clock;

  @Test
  void aPreCheckTableAnsweringOutsideTheContract_is503WithRetryAfter_notA500() throws Exception {
    String table = RuleGateTest.release("service-area.dmn");
    String misbehaving =
        table.replace(
            "<outputEntry id=\"Rule_ServiceArea_MainlandDefault_OutServed\">\n"
                + "          <text>true</text>",
            "<outputEntry id=\"Rule_ServiceArea_MainlandDefault_OutServed\">\n"
                + "          <text>if city = \"天津市\" then \"yes\" else true</text>");
    assertThat(misbehaving).isNotEqualTo(table);
    Deployment deployment =
        repository
            .createDeployment()
            .name("service area: untested branch")
            .addString("service-area.dmn", misbehaving)
            .deploy();
    try {
      Map<String, Object> body =
          new HashMap<>(Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
      body.put("location", Map.of("latitude", 39.0842, "longitude", 117.2010));

      Http.Response answer = http.post("/api/v1/applications", body);

      assertProblem(answer, 503, "SERVICE_UNAVAILABLE");
      assertThat(answer.servletResponse().getHeader("Retry-After")).isEqualTo("60");
      assertThat(answer.raw()).doesNotContain("天津").doesNotContain("serviceArea");
      // a city the table answers well is served as before
      Http.Response beijing =
          http.post(
              "/api/v1/applications",
              Passengers.guestApplication("张三", TestIdentities.randomIdNumber()));
      assertThat(beijing.status()).as("%s", beijing).isEqualTo(201);
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
      clock.advance(Duration.ofSeconds(6)); // no node remembers the withdrawn version
    }
  }
}
