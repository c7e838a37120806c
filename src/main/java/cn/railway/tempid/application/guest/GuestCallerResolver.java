package cn.railway.tempid.application.guest;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code X-Applicant-Token}: returned once to a guest who submits an application (R16). */
@Component
class GuestCallerResolver implements CallerResolver {
  private final ApplicantTokens tokens;

  GuestCallerResolver(ApplicantTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public String header() {
    return "X-Applicant-Token";
  }

  @Override
  public Optional<Caller.Guest> resolve(String credential) {
    return tokens.guest(credential);
  }
}
