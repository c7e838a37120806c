package cn.railway.tempid.privacy;

import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.Jobs;
import cn.railway.tempid.support.PersonalDataProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * docs/rules.md, "Privacy" on the embedded default (H2): after full journeys (issued, verified,
 * looked up, registered, refused, failed liveness, manual review, purged, malformed requests) no
 * name or ID number is found in plain in any log line, process or historic variable, business key,
 * task, incident, job failure or table (domain, engine, Quartz). See {@link PersonalDataProof}.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataNeverInPlainTest {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Jobs jobs;

  @Test
  void namesAndIdNumbers_areNeverInPlain_inLogsEngineOrDatabase(CapturedOutput output)
      throws Exception {
    // the job executor is off in this context: due jobs run in the test thread
    PersonalDataProof.run(context, new HttpApi(port), output, jobs::runDue);
  }
}
