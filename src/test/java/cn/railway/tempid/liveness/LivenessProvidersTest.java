package cn.railway.tempid.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The provider order: which provider a new session opens with, and which one a session keeps. */
class LivenessProvidersTest {

  /** An adapter whose breaker is open or not, as the order sees it. */
  static final class Fake implements LivenessProvider {
    final String name;
    boolean open;

    Fake(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean acceptsNewSessions() {
      return !open;
    }

    @Override
    public String startSession(Subject subject) {
      return name + "-session";
    }

    @Override
    public Result fetchResult(String providerSessionId) {
      return new Result(Verdict.PENDING, null, null);
    }
  }

  final Fake tencent = new Fake("tencent");
  final Fake aliyun = new Fake("aliyun");

  LivenessProviders order(String configured) {
    return new LivenessProviders(
        List.of(aliyun, tencent),
        new MockEnvironment().withProperty(LivenessProviderOrder.PROPERTY, configured));
  }

  @Test
  void newSessions_goToTheFirstThatAcceptsCalls_andBackWhenItRecovers() {
    LivenessProviders providers = order("tencent, aliyun");
    assertThat(providers.names()).containsExactly("tencent", "aliyun");
    assertThat(providers.forNewSession()).isSameAs(tencent);

    tencent.open = true;
    assertThat(providers.forNewSession()).isSameAs(aliyun);

    tencent.open = false;
    assertThat(providers.forNewSession()).isSameAs(tencent);
  }

  @Test
  void whenEveryCircuitIsOpen_theFirstAnswers_whichRefusesAtOnce() {
    LivenessProviders providers = order("tencent,aliyun");
    tencent.open = true;
    aliyun.open = true;
    assertThat(providers.forNewSession()).isSameAs(tencent);
  }

  @Test
  void aSessionKeepsItsProvider_whateverTheOrderSaysNow() {
    LivenessProviders providers = order("aliyun,tencent");
    tencent.open = true;
    assertThat(providers.of("tencent")).isSameAs(tencent);
    // recorded before providers were recorded: the first of the order
    assertThat(providers.of(null)).isSameAs(aliyun);
    assertThatThrownBy(() -> order("aliyun").of("tencent"))
        .isInstanceOf(LivenessProvider.ProviderUnavailableException.class)
        .hasMessageContaining("'tencent' of this session is not configured");
  }

  @Test
  void aSingleName_worksAsBefore_andANameWithoutAnAdapter_stopsStartUp() {
    assertThat(order("tencent").names()).containsExactly("tencent");
    assertThatThrownBy(() -> order("tencent,alibaba"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'alibaba', which is no liveness adapter")
        .hasMessageContaining("aliyun, simulated, tencent");
    assertThatThrownBy(() -> order(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tempid.liveness.provider is not set");
  }
}
