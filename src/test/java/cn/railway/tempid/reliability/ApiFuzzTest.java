package cn.railway.tempid.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The quick subset of the OpenAPI-driven fuzzer ({@link ApiFuzzer}) in every build: 2,000 generated
 * requests (fixed seed; {@code -Dfuzz.requests} for more) over every operation of {@code
 * /v3/api-docs}; not one answer ≥ 500, every 4xx problem+json, none hangs. The full run of 10,000
 * and more is {@code ApiFuzzer}'s main method (docs/reliability.md).
 */
@ApplicationTest
class ApiFuzzTest {
  @LocalServerPort int port;

  @Test
  void generatedRequestsToEveryOperation_neverAnswer5xx_andEvery4xxIsProblemJson()
      throws Exception {
    long seed = Long.getLong("fuzz.seed", 20261129L);
    int requests = Integer.getInteger("fuzz.requests", 2_000);
    ApiFuzzer fuzzer = new ApiFuzzer("http://127.0.0.1:" + port, seed);
    assertThat(fuzzer.operations())
        .as("operations read from /v3/api-docs")
        .hasSizeGreaterThan(20)
        .contains(
            "POST /api/v1/applications",
            "POST /api/v1/auth/login",
            "POST /api/v1/verifications",
            "GET /api/v1/certificates/{id}/qr");

    long started = System.nanoTime();
    ApiFuzzer.Report report = fuzzer.run(requests, 2);
    ApiFuzzer.print(
        report, fuzzer.operations().size(), seed, (System.nanoTime() - started) / 1_000_000_000L);

    assertThat(report.failures()).as("answers that broke the rules").isEmpty();
    assertThat(report.serverErrors()).isZero();
    assertThat(report.byOperation().keySet()).containsAll(fuzzer.operations());
    assertThat(report.byStatus().keySet()).as("mostly refusals, some successes").contains(400);
  }
}
