package cn.railway.tempid.account;

import cn.railway.tempid.security.Caller;
import cn.railway.tempid.security.CallerResolver;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code Authorization: Bearer <accessToken>} from {@code POST /auth/login}. */
@Component
class PassengerCallerResolver implements CallerResolver {
  private final AccountService accounts;

  PassengerCallerResolver(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  public String header() {
    return "Authorization";
  }

  @Override
  public String scheme() {
    return "Bearer ";
  }

  @Override
  public Optional<Caller.Passenger> resolve(String credential) {
    return accounts.authenticate(credential);
  }
}
