package cn.railway.tempid.shared.ratelimit;

import cn.railway.tempid.shared.problem.ApiException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The abuse limits of the API (see {@link LimitsProperties}), applied where the work happens: per
 * client address by {@link ClientAddressLimits} before a request reaches its controller, per person
 * key and per username by the services once they know the subject. A refused request answers 429
 * {@code RATE_LIMITED} with {@code Retry-After} and stores nothing else.
 */
@Component
@EnableConfigurationProperties(LimitsProperties.class)
public class AbuseLimits {
  static final String LOGIN_LOCK = "login-lock";
  static final String OPERATOR_LOGIN_LOCK = "operator-login-lock";

  private final RateLimiter limiter;
  private final RateLimiter.Limit submissionPerPerson;
  private final RateLimiter.Limit lookupPerPerson;
  private final RateLimiter.Limit livenessPerPerson;
  private final RateLimiter.Limit loginFailuresPerUsername;
  private final Duration loginLockout;
  private final RateLimiter.Limit operatorLoginFailuresPerAddress;
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
    this.loginFailuresPerUsername =
        limit("login-failures-per-username", properties.loginFailuresPerUsername());
    if (properties.loginLockout() == null || properties.loginLockout().toSeconds() < 1) {
      throw new IllegalStateException("tempid.limits.login-lockout must be at least 1 s");
    }
    this.loginLockout = properties.loginLockout();
    this.operatorLoginFailuresPerAddress =
        limit("operator-login-failures-per-address", properties.operatorLoginFailuresPerAddress());
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
   * Before checking a password: 429 while the username is locked. Unknown usernames are counted and
   * locked exactly like existing ones, so the answer never tells whether a username exists.
   */
  public void requireLoginAllowed(String username) {
    limiter
        .blockedFor(LOGIN_LOCK, usernameSubject(username))
        .ifPresent(
            left -> {
              throw ApiException.rateLimited(left);
            });
  }

  /** A failed login: the username is locked once it reaches the limit within the window. */
  public void loginFailed(String username) {
    String subject = usernameSubject(username);
    if (limiter.hit(loginFailuresPerUsername, subject).hits() >= loginFailuresPerUsername.max()) {
      limiter.block(LOGIN_LOCK, subject, loginLockout);
      limiter.reset(loginFailuresPerUsername, subject); // after the lockout: a fresh count
    }
  }

  /** A successful login forgets earlier failures of the username. */
  public void loginSucceeded(String username) {
    limiter.reset(loginFailuresPerUsername, usernameSubject(username));
  }

  /**
   * Before an operator's password is checked: 429 while the client address is locked out after too
   * many failed operator logins. Camunda itself only delays a user after a failure (it never locks
   * one for good here), so guessing from one address is slowed down by this lock and no stranger
   * can lock a reviewer out for good.
   */
  public void requireOperatorLoginAllowed(String remoteAddress) {
    limiter
        .blockedFor(OPERATOR_LOGIN_LOCK, ClientAddressLimits.subject(remoteAddress))
        .ifPresent(
            left -> {
              throw ApiException.rateLimited(left);
            });
  }

  /** A failed operator login from this address: locked for one window once at the limit. */
  public void operatorLoginFailed(String remoteAddress) {
    String subject = ClientAddressLimits.subject(remoteAddress);
    if (limiter.hit(operatorLoginFailuresPerAddress, subject).hits()
        >= operatorLoginFailuresPerAddress.max()) {
      limiter.block(OPERATOR_LOGIN_LOCK, subject, operatorLoginFailuresPerAddress.window());
      limiter.reset(operatorLoginFailuresPerAddress, subject);
    }
  }

  void perAddress(RateLimiter.Limit limit, String address) {
    limiter.acquire(limit, address);
  }

  private static String usernameSubject(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }
}
