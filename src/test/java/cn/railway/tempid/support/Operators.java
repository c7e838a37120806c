package cn.railway.tempid.support;

import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * Camunda users for security tests. Use a throwaway user for wrong-password tests: failed logins
 * are throttled per user name (and address), so wrong passwords for {@code demo} could make the
 * demo operator wait in other tests.
 */
@Component
public class Operators {
  public static final String PASSWORD = "operator-password-1";

  private final IdentityService identity;

  public Operators(IdentityService identity) {
    this.identity = identity;
  }

  /** A new Camunda user in no group (so neither reviewer nor admin). */
  public String newUser() {
    String id = "apitest" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(id);
    user.setFirstName("Api");
    user.setLastName("Test");
    user.setPassword(PASSWORD);
    identity.saveUser(user);
    return id;
  }
}
