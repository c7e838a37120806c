package cn.railway.tempid.support;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The demo credentials of a web slice ({@link WebSliceTest}), where the features that issue
 * credentials (Camunda users, checkpoint keys) are not started: {@link Http#DEMO_OPERATOR} is an
 * administrator, reviewer and analyst and {@link #DEMO_CHECKPOINT_KEY} a checkpoint that may act as
 * every type at Beijing station, as in the demo profile of the whole service. For role answers
 * (403) there are a reviewer ({@link #REVIEWER}), an analyst ({@link #ANALYST}), an operator in no
 * staff group ({@link #NO_STAFF_GROUP}), a registered passenger ({@link #PASSENGER}) and a guest
 * ({@link #GUEST}), each as the header name and value to send. Any other credential in these
 * headers is unknown (401).
 */
@TestConfiguration(proxyBeanMethods = false)
public class SliceCallers {
  public static final String DEMO_CHECKPOINT_KEY = "demo-checkpoint-key";

  /** A Camunda user of the group {@code reviewers} only. */
  public static final String[] REVIEWER = {
    "Authorization", Http.basic("slice-reviewer", "slice-password")
  };

  /** A Camunda user of the group {@code analysts} only. */
  public static final String[] ANALYST = {
    "Authorization", Http.basic("slice-analyst", "slice-password")
  };

  /** A Camunda user in no group: neither reviewer, analyst nor administrator. */
  public static final String[] NO_STAFF_GROUP = {
    "Authorization", Http.basic("slice-nobody", "slice-password")
  };

  /** A registered passenger's bearer token. */
  public static final String[] PASSENGER = {"Authorization", "Bearer slice-passenger-token"};

  /** A guest's applicant token. */
  public static final String[] GUEST = {"X-Applicant-Token", "slice-applicant-token"};

  @Bean
  CallerResolver sliceOperator() {
    Map<String, Caller> operators =
        Map.of(
            Http.DEMO_OPERATOR.substring("Basic ".length()),
            new Caller.Operator("demo", Set.of("camunda-admin", "reviewers", "analysts")),
            REVIEWER[1].substring("Basic ".length()),
            new Caller.Operator("slice-reviewer", Set.of("reviewers")),
            ANALYST[1].substring("Basic ".length()),
            new Caller.Operator("slice-analyst", Set.of("analysts")),
            NO_STAFF_GROUP[1].substring("Basic ".length()),
            new Caller.Operator("slice-nobody", Set.of()));
    return resolver("Authorization", "Basic ", operators);
  }

  @Bean
  CallerResolver slicePassenger() {
    return resolver(
        "Authorization",
        "Bearer ",
        Map.of(
            PASSENGER[1].substring("Bearer ".length()),
            new Caller.Passenger(
                "slice-account", "slice-passenger", "slice-person", "slice-hash")));
  }

  @Bean
  CallerResolver sliceGuest() {
    return resolver(
        GUEST[0], "", Map.of(GUEST[1], new Caller.Guest("slice-application", "slice-person")));
  }

  @Bean
  CallerResolver sliceCheckpoint() {
    return resolver(
        "X-Checkpoint-Key",
        "",
        Map.of(
            DEMO_CHECKPOINT_KEY,
            new Caller.Checkpoint(
                "demo-checkpoint",
                true,
                Set.of("ENTRY_GATE", "EXIT_GATE", "TICKET_WINDOW", "REAL_NAME_CHECK", "ON_TRAIN"),
                "BJP")));
  }

  private static CallerResolver resolver(
      String header, String scheme, Map<String, ? extends Caller> callers) {
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
        return Optional.ofNullable(callers.get(presented));
      }
    };
  }
}
