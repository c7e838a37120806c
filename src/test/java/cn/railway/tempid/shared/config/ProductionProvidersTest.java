package cn.railway.tempid.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The production profile's choice of providers: names without an adapter are refused at start-up
 * with the list of those that exist (they used to fail later, on a missing bean), and a failover
 * order is checked name by name.
 */
class ProductionProvidersTest {

  static MockEnvironment with(String liveness, String registry) {
    MockEnvironment environment = new MockEnvironment();
    environment.setProperty("tempid.liveness.provider", liveness);
    environment.setProperty("tempid.registry.provider", registry);
    return environment;
  }

  @Test
  void aNameWithoutAnAdapter_isRefused_listingTheAdaptersThatExist() {
    assertThat(ProductionProviders.refusal(with("tencent,alibaba", "http")))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("tempid.liveness.provider names 'alibaba', which is no adapter")
                    .contains("aliyun, simulated, tencent"));
    assertThat(ProductionProviders.refusal(with("tencent", "grpc")))
        .hasValueSatisfying(why -> assertThat(why).contains("'grpc'", "http, simulated"));
  }

  @Test
  void realAdapters_singleOrInOrder_areAccepted() {
    assertThat(ProductionProviders.refusal(with("aliyun", "http"))).isEmpty();
    assertThat(ProductionProviders.refusal(with("tencent, aliyun", "http"))).isEmpty();
  }

  @Test
  void aSimulatorInTheOrder_isStillRefused_withoutTheStagingSwitch() {
    assertThat(ProductionProviders.refusal(with("tencent,simulated", "http")))
        .hasValueSatisfying(why -> assertThat(why).contains("tempid.liveness.provider=simulated"));

    MockEnvironment staging = with("tencent,simulated", "http");
    staging.setProperty(ProductionProviders.STAGING_SWITCH, "true");
    assertThat(ProductionProviders.refusal(staging)).isEmpty();
  }
}
