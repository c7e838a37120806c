package cn.railway.tempid.shared.ratelimit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The abuse limits of the API (see {@link LimitsProperties}), applied where the work happens: per
 * client address by {@link ClientAddressLimits} before a request reaches its controller, per person
 * key by the services once they know the subject, failed logins per user name and address by {@link
 * LoginThrottle}. A refused request answers 429 {@code RATE_LIMITED} with {@code Retry-After} and
 * stores nothing else.
 */
@Component
@EnableConfigurationProperties(LimitsProperties.class)
public class AbuseLimits {
  private final RateLimiter limiter;
  private final RateLimiter.Limit submissionPerPerson;
  private final RateLimiter.Limit lookupPerPerson;
  private final RateLimiter.Limit livenessPerPerson;
  private final LoginThrottle passengerLogins;
  private final LoginThrottle operatorLogins;
  final RateLimiter.Limit submissionPerAddress;
  final RateLimiter.Limit lookupPerAddress;
  final RateLimiter.Limit livenessPerAddress;
  final RateLimiter.Limit loginPerAddress;

  AbuseLimits(RateLimiter limiter, LimitsProperties properties) {
    this.limiter = limiter;
    this.submissionPerPerson = limit("submission-per-person", properties.submissionPerPerson());
    this.submissionPerAddress = limit("submission-per-address", properties.submissionPerAddress());
    this.lookupPerPerson = limit("lookup-per-person", properties.lookupPerPerson());
    this.lookupPerAddress = limit("lookup-per-address", properties.lookupPerAddress());
    this.livenessPerPerson = limit("liveness-per-person", properties.livenessPerPerson());
    this.livenessPerAddress = limit("liveness-per-address", properties.livenessPerAddress());
    this.loginPerAddress = limit("login-per-address", properties.loginPerAddress());
    this.passengerLogins = new LoginThrottle(limiter, "login", properties.loginFailures());
    this.operatorLogins =
        new LoginThrottle(limiter, "operator-login", properties.operatorLoginFailures());
  }

  private static RateLimiter.Limit limit(String name, LimitsProperties.Window window) {
    if (window == null) {
      throw new IllegalStateException("tempid.limits." + name + " is not configured");
    }
    return new RateLimiter.Limit(name, window.max(), window.window());
  }

  /** One more submission of this person (counted whatever its outcome). */
  public void submission(String personKey) {
    limiter.acquire(submissionPerPerson, personKey);
  }

  /**
   * One more submission of this person, counted in the submission's own transaction under the
   * person's lock (one commit for both): the caller commits the count with whatever the submission
   * answers (accepted, refused by a rule, 409 while another is in flight); a 429 rolls the
   * submission back, so a refused one stores nothing.
   */
  public void submissionInCallerTransaction(String personKey) {
    limiter.acquireInCallerTransaction(submissionPerPerson, personKey);
  }

  /**
   * One more guest lookup of this person: counted the same whether or not a certificate exists, and
   * it starts a liveness session.
   */
  public void lookup(String personKey) {
    limiter.acquire(lookupPerPerson, personKey);
    livenessStart(personKey);
  }

  /** One more liveness session started on request (a new attempt, a re-verification). */
  public void livenessStart(String personKey) {
    limiter.acquire(livenessPerPerson, personKey);
  }

  /**
   * Before a passenger's password is checked: 429 while this user name has to wait at this address
   * (or this address or the user name as a whole, see {@link LoginThrottle}). Unknown user names
   * are counted and slowed down exactly like existing ones, so the answer never tells whether a
   * user name exists.
   */
  public void requireLoginAllowed(String username, String remoteAddress) {
    passengerLogins.requireAllowed(username, remoteAddress);
  }

  /** A failed passenger login from this address: the next ones of the pair may have to wait. */
  public void loginFailed(String username, String remoteAddress) {
    passengerLogins.failed(username, remoteAddress);
  }

  /** A successful passenger login forgets earlier failures of the user name at this address. */
  public void loginSucceeded(String username, String remoteAddress) {
    passengerLogins.succeeded(username, remoteAddress);
  }

  /**
   * Before an operator's (Camunda user's) password is checked, wherever that happens: 429 while
   * this user name has to wait at this address (or the address or the user name as a whole, see
   * {@link LoginThrottle}). Camunda's own per-user login delay and lock are configured off (they
   * would let anyone keep a reviewer out by guessing), so this is the only throttle.
   */
  public void requireOperatorLoginAllowed(String username, String remoteAddress) {
    operatorLogins.requireAllowed(username, remoteAddress);
  }

  /** A failed operator login from this address. */
  public void operatorLoginFailed(String username, String remoteAddress) {
    operatorLogins.failed(username, remoteAddress);
  }

  void perAddress(RateLimiter.Limit limit, String address) {
    limiter.acquire(limit, address);
  }
}
