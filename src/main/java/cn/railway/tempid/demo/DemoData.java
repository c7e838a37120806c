package cn.railway.tempid.demo;

import cn.railway.tempid.account.AccountService;
import cn.railway.tempid.registry.SimulatedPeople;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.verification.CheckpointKeys;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo data of the embedded default, all fictitious: the people of the walk-through
 * (docs/walkthrough.md) in the simulated registry, and one registered passenger. Nothing is seeded
 * outside the demo profile.
 */
@Component
@Profile("demo")
class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** A guest who is in the registry (the walk-through's 张三). */
  static final String GUEST_NAME = "张三";

  static final String GUEST_ID_NUMBER = "11010519491231002X";

  /** A registered passenger: username lisi, password lisi-demo-password. */
  static final String PASSENGER_USERNAME = "lisi";

  static final String PASSENGER_PASSWORD = "lisi-demo-password";
  static final String PASSENGER_NAME = "李四";
  static final String PASSENGER_ID_NUMBER = "440106199001011235";

  /** A minor with a resident ID card (R5) and a person flagged in the registry. */
  static final String MINOR_NAME = "王小明";

  static final String MINOR_ID_NUMBER = "310104201006150048";
  static final String FLAGGED_NAME = "赵六";
  static final String FLAGGED_ID_NUMBER = "510107198503206673";

  /**
   * The demo checkpoint key (API.md): may act as every checkpoint type at Beijing station (BJP) and
   * is allowed real-name checks (the full ID number at ticket windows and real-name checks).
   */
  static final String CHECKPOINT_KEY = "demo-checkpoint-key";

  private final SimulatedPeople registry;
  private final AccountService accounts;
  private final CheckpointKeys checkpoints;

  DemoData(SimulatedPeople registry, AccountService accounts, CheckpointKeys checkpoints) {
    this.registry = registry;
    this.accounts = accounts;
    this.checkpoints = checkpoints;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    registry.put(GUEST_ID_NUMBER, GUEST_NAME, Set.of());
    registry.put(MINOR_ID_NUMBER, MINOR_NAME, Set.of());
    registry.put(FLAGGED_ID_NUMBER, FLAGGED_NAME, Set.of("REPORTED_FRAUD"));
    registry.put(PASSENGER_ID_NUMBER, PASSENGER_NAME, Set.of());
    try {
      accounts.register(
          PASSENGER_USERNAME, PASSENGER_PASSWORD, PASSENGER_NAME, PASSENGER_ID_NUMBER);
    } catch (ApiException alreadyThere) {
      // a restart against a persistent database
    }
    checkpoints.register(
        "demo-checkpoint",
        CHECKPOINT_KEY,
        "Demo checkpoint (every type, Beijing station)",
        true,
        CheckpointKeys.Roles.every("BJP"));
    log.info("Demo data seeded: registry persons and passenger '{}'", PASSENGER_USERNAME);
  }
}
