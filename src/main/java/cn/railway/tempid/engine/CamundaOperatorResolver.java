package cn.railway.tempid.engine;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/**
 * Operators and reviewers log in with HTTP Basic as Camunda users: the same accounts and groups
 * they use in Cockpit and Tasklist.
 */
@Component
class CamundaOperatorResolver implements CallerResolver {
  private final IdentityService identity;

  CamundaOperatorResolver(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public String header() {
    return "Authorization";
  }

  @Override
  public String scheme() {
    return "Basic ";
  }

  @Override
  public Optional<Caller.Operator> resolve(String credential) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String user = decoded.substring(0, colon);
    if (!identity.checkPassword(user, decoded.substring(colon + 1))) {
      return Optional.empty();
    }
    Set<String> groups = new HashSet<>();
    for (Group group : identity.createGroupQuery().groupMember(user).list()) {
      groups.add(group.getId());
    }
    groups.add("operator");
    return Optional.of(new Caller.Operator(user, Set.copyOf(groups)));
  }
}
