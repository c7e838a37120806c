package cn.railway.tempid.account;

import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Tokens;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.ratelimit.AbuseLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registered passengers: registration with a verified identity, login, logout, bearer tokens. */
@Service
@EnableConfigurationProperties(AccountProperties.class)
public class AccountService {
  static final String NAME_CONTEXT = "passenger_account.name";
  static final String ID_NUMBER_CONTEXT = "passenger_account.id_number";

  private final AccountRepository accounts;
  private final PersonKeys personKeys;
  private final FieldCipher cipher;
  private final AbuseLimits limits;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Duration tokenTtl;
  private final PasswordEncoder passwords =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();

  /** Compared against when the username is unknown, so both cases take the same time. */
  private final String decoyHash;

  AccountService(
      AccountRepository accounts,
      PersonKeys personKeys,
      FieldCipher cipher,
      AbuseLimits limits,
      Clock clock,
      ApplicationEventPublisher events,
      AccountProperties properties) {
    this.accounts = accounts;
    this.personKeys = personKeys;
    this.cipher = cipher;
    this.limits = limits;
    this.clock = clock;
    this.events = events;
    this.tokenTtl = properties.accessTokenTtl();
    this.decoyHash = passwords.encode(Ids.newToken());
  }

  /**
   * Registers a passenger whose identity was verified by the (real) 12306 registration; the demo
   * profile exposes this as {@code POST /demo/users}.
   */
  @Transactional
  public String register(String username, String password, String name, String idNumber) {
    ResidentIdNumber number = ResidentIdNumber.parse(idNumber, LocalDate.now(clock));
    String personKey = personKeys.personKey(number.normalized());
    if (accounts.existsByUsernameOrPerson(username, personKey)) {
      throw new ApiException(ProblemCode.ACCOUNT_EXISTS);
    }
    String id = Ids.newId();
    accounts.insert(
        new Account(
            id,
            username,
            passwords.encode(password),
            personKey,
            cipher.encrypt(name, NAME_CONTEXT),
            cipher.encrypt(number.normalized(), ID_NUMBER_CONTEXT),
            clock.instant()));
    return id;
  }

  public record AccessToken(String accessToken, Instant expiresAt) {}

  /**
   * Logs in from {@code remoteAddress}. Brute force is slowed down per user name and address: after
   * a few failed logins of a user name from one address, that address waits longer and longer for
   * it (429 {@code RATE_LIMITED} with {@code Retry-After}, even for the right password), while the
   * passenger logs in at once from anywhere else; so nobody can lock a passenger out by guessing
   * (see {@code AbuseLimits}). Unknown user names are counted the same way, so no answer tells
   * whether a user name exists. Not one transaction: the counters are written in their own short
   * transactions and must stay even when login fails.
   */
  public AccessToken login(String username, String password, String remoteAddress) {
    limits.requireLoginAllowed(username, remoteAddress);
    Optional<Account> account = accounts.findByUsername(username);
    boolean matches =
        passwords.matches(password, account.map(Account::passwordHash).orElse(decoyHash));
    if (account.isEmpty() || !matches) {
      limits.loginFailed(username, remoteAddress);
      throw new ApiException(ProblemCode.INVALID_CREDENTIALS);
    }
    limits.loginSucceeded(username, remoteAddress);
    String token = Ids.newToken();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(tokenTtl);
    accounts.insertToken(Tokens.hash(token), account.get().id(), now, expiresAt);
    return new AccessToken(token, expiresAt);
  }

  @Transactional
  public void logout(Caller.Passenger passenger) {
    accounts.revokeToken(passenger.tokenHash(), clock.instant());
    events.publishEvent(new PassengerLoggedOut(passenger.accountId()));
  }

  /** The passenger a bearer token belongs to, while it is neither expired nor revoked. */
  @Transactional(readOnly = true)
  public Optional<Caller.Passenger> authenticate(String bearerToken) {
    String hash = Tokens.hash(bearerToken);
    return accounts
        .findByLiveToken(hash, clock.instant())
        .map(a -> new Caller.Passenger(a.id(), a.username(), a.personKey(), hash));
  }

  @Transactional(readOnly = true)
  public VerifiedIdentity identity(String accountId) {
    Account account = accounts.findById(accountId).orElseThrow(ApiException::unauthenticated);
    return new VerifiedIdentity(
        cipher.decrypt(account.nameEnc(), NAME_CONTEXT),
        cipher.decrypt(account.idNumberEnc(), ID_NUMBER_CONTEXT));
  }
}
