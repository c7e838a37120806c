package cn.railway.tempid.postgres;

import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PersonalDataProof;
import cn.railway.tempid.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * docs/rules.md, "Privacy" on PostgreSQL, as in production: the job executor runs the journeys'
 * jobs by itself, logs are ECS JSON (non-ASCII may be \\u-escaped: the scanner looks for both), and
 * the scan covers every table of the schema (bytea, text, jsonb). See {@link PersonalDataProof}.
 */
@PostgresTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataNeverInPlainOnPostgresTest {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void namesAndIdNumbers_areNeverInPlain_inLogsEngineOrDatabase(CapturedOutput output)
      throws Exception {
    PersonalDataProof.run(
        context,
        new HttpApi(port),
        output,
        businessKey -> {
          // the job executor runs due jobs: the journeys poll for their outcome
        });
  }
}
