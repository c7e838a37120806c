package cn.railway.tempid.engine;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.SessionCallerResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.stereotype.Component;

/**
 * The reviewer logged into Tasklist: its review form fetches the case file from {@code GET
 * /api/v1/reviews/{taskId}} with the browser's Camunda web-app session (it has no Basic credentials
 * to send). The session names the user; the groups are read afresh, so a reviewer removed from
 * {@code reviewers} loses access at once, as with Basic.
 */
@Component
class TasklistSessionResolver implements SessionCallerResolver {
  private final IdentityService identity;
  private final String engineName;

  TasklistSessionResolver(IdentityService identity, ProcessEngine engine) {
    this.identity = identity;
    this.engineName = engine.getName();
  }

  @Override
  public Optional<Caller.Operator> resolve(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    Authentication login =
        AuthenticationUtil.getAuthsFromSession(session)
            .getAuthenticationForProcessEngine(engineName);
    if (!(login instanceof UserAuthentication user)
        || identity.createUserQuery().userId(user.getName()).count() != 1) {
      return Optional.empty();
    }
    Set<String> groups = new HashSet<>();
    for (Group group : identity.createGroupQuery().groupMember(user.getName()).list()) {
      groups.add(group.getId());
    }
    groups.add("operator");
    return Optional.of(new Caller.Operator(user.getName(), Set.copyOf(groups)));
  }
}
