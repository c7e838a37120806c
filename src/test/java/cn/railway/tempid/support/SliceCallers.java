package cn.railway.tempid.support;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The demo credentials of a web slice ({@link WebSliceTest}), where the features that issue
 * credentials (Camunda users, checkpoint keys) are not started: {@link Http#DEMO_OPERATOR} is an
 * administrator and {@link #DEMO_CHECKPOINT_KEY} a checkpoint that may act as every type at Beijing
 * station, as in the demo profile of the whole service. Any other credential in these headers is
 * unknown (401).
 */
@TestConfiguration(proxyBeanMethods = false)
public class SliceCallers {
  public static final String DEMO_CHECKPOINT_KEY = "demo-checkpoint-key";

  @Bean
  CallerResolver sliceOperator() {
    String demo = Http.DEMO_OPERATOR.substring("Basic ".length());
    return resolver(
        "Authorization",
        "Basic ",
        demo,
        new Caller.Operator("demo", Set.of("camunda-admin", "operator")));
  }

  @Bean
  CallerResolver sliceCheckpoint() {
    return resolver(
        "X-Checkpoint-Key",
        "",
        DEMO_CHECKPOINT_KEY,
        new Caller.Checkpoint(
            "demo-checkpoint",
            true,
            Set.of("ENTRY_GATE", "EXIT_GATE", "TICKET_WINDOW", "REAL_NAME_CHECK", "ON_TRAIN"),
            "BJP"));
  }

  private static CallerResolver resolver(
      String header, String scheme, String credential, Caller caller) {
    return new CallerResolver() {
      @Override
      public String header() {
        return header;
      }

      @Override
      public String scheme() {
        return scheme;
      }

      @Override
      public Optional<? extends Caller> resolve(String presented) {
        return credential.equals(presented) ? Optional.of(caller) : Optional.empty();
      }
    };
  }
}
