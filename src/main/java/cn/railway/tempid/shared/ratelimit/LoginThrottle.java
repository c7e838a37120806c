package cn.railway.tempid.shared.ratelimit;

import cn.railway.tempid.shared.problem.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins of one kind (passengers, or operators as Camunda users), throttled so that nobody
 * can use them to keep a user out:
 *
 * <ul>
 *   <li><b>Per user name and client address</b> (the pair) is what does the work: from the {@code
 *       per-pair.max}-th failure within the window on, the pair waits {@code backoff-base},
 *       doubling with every further failure up to {@code backoff-max}. Someone guessing a user's
 *       password from one address slows down only themselves: the same user at another address is
 *       not affected at all, and a success forgets the pair's failures.
 *   <li><b>Per address</b>, across all user names, a ceiling: one address trying many user names
 *       (one guess each, so no pair ever waits) is refused every login for a window once it reaches
 *       {@code per-address.max}. Only logins from that address are refused; users sharing it (a
 *       carrier-grade NAT, an office) are the price, so the ceiling is set well above what honest
 *       mistypes there reach.
 *   <li><b>Per user name</b>, across all addresses, a high ceiling that only slows: many addresses
 *       guessing one user name (a botnet, one guess per address) would never make a pair wait. A
 *       per-user-name lock would stop them, but it would also be the lock-out this class exists to
 *       prevent (anyone could lock any user out by guessing from a few addresses). So from {@code
 *       per-username.max} failures on, the user name waits at most {@code username-backoff-max}
 *       (seconds) everywhere, which caps the guessing rate without keeping the user out for more
 *       than those seconds, and a warning is logged once per window so operators learn of the
 *       attack. What really stops a distributed guess is a password that is not among the first few
 *       thousand guesses: at one guess per few seconds, a day gives an attacker tens of thousands
 *       of guesses, not millions.
 * </ul>
 *
 * Every wait is answered {@code 429 RATE_LIMITED} with {@code Retry-After} before the password is
 * checked, so a waiting login learns nothing about the password, right or wrong. Unknown user names
 * are counted exactly like existing ones, so no answer tells whether a user name exists. Counts and
 * waits live in the shared database ({@link RateLimiter}), so every node applies them alike; user
 * names and addresses are stored only as keyed pseudonyms.
 */
final class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final RateLimiter limiter;
  private final String kind;
  private final RateLimiter.Limit perPair;
  private final RateLimiter.Limit perAddress;
  private final RateLimiter.Limit perUsername;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Duration usernameBackoffMax;
  private final String pairWait;
  private final String addressLock;
  private final String usernameWait;

  /**
   * @param kind the prefix of the limits' names and of the configuration keys ({@code login},
   *     {@code operator-login})
   */
  LoginThrottle(RateLimiter limiter, String kind, LimitsProperties.LoginFailures config) {
    String key = "tempid.limits." + kind + "-failures";
    if (config == null) {
      throw new IllegalStateException(key + " is not configured");
    }
    this.limiter = limiter;
    this.kind = kind;
    this.perPair = limit(key + ".per-pair", kind + "-failures-per-pair", config.perPair());
    this.perAddress =
        limit(key + ".per-address", kind + "-failures-per-address", config.perAddress());
    this.perUsername =
        limit(key + ".per-username", kind + "-failures-per-username", config.perUsername());
    this.backoffBase = atLeast(key + ".backoff-base", config.backoffBase(), Duration.ofSeconds(1));
    this.backoffMax = atLeast(key + ".backoff-max", config.backoffMax(), backoffBase);
    this.usernameBackoffMax =
        atLeast(key + ".username-backoff-max", config.usernameBackoffMax(), backoffBase);
    this.pairWait = kind + "-pair-wait";
    this.addressLock = kind + "-address-lock";
    this.usernameWait = kind + "-username-wait";
  }

  private static RateLimiter.Limit limit(String key, String name, LimitsProperties.Window window) {
    if (window == null) {
      throw new IllegalStateException(key + " is not configured");
    }
    return new RateLimiter.Limit(name, window.max(), window.window());
  }

  private static Duration atLeast(String key, Duration value, Duration minimum) {
    if (value == null || value.compareTo(minimum) < 0) {
      throw new IllegalStateException(key + " must be at least " + minimum);
    }
    return value;
  }

  /** Before the password is checked: 429 while this pair, address or user name has to wait. */
  void requireAllowed(String username, String remoteAddress) {
    String user = username(username);
    String address = ClientAddressLimits.subject(remoteAddress);
    limiter
        .longestBlock(
            List.of(
                Map.entry(pairWait, pair(user, address)),
                Map.entry(addressLock, address),
                Map.entry(usernameWait, user)))
        .ifPresent(
            left -> {
              throw ApiException.rateLimited(left);
            });
  }

  /** A wrong password (or an unknown user name): counted, and the next login may have to wait. */
  void failed(String username, String remoteAddress) {
    String user = username(username);
    String address = ClientAddressLimits.subject(remoteAddress);
    String pair = pair(user, address);

    int pairFailures = limiter.hit(perPair, pair).hits();
    if (pairFailures >= perPair.max()) {
      limiter.block(pairWait, pair, backoff(pairFailures - perPair.max(), backoffMax));
    }

    if (limiter.hit(perAddress, address).hits() >= perAddress.max()) {
      limiter.block(addressLock, address, perAddress.window());
      limiter.reset(perAddress, address); // after the lock: a fresh count
    }

    int userFailures = limiter.hit(perUsername, user).hits();
    if (userFailures >= perUsername.max()) {
      if (userFailures == perUsername.max()) {
        // no user name: a passenger's is personal data, and the count is the alert
        log.warn(
            "{} failures of one user name reached {} within {} from several addresses:"
                + " each of its logins now waits up to {}",
            kind,
            perUsername.max(),
            perUsername.window(),
            usernameBackoffMax);
      }
      limiter.block(
          usernameWait, user, backoff(userFailures - perUsername.max(), usernameBackoffMax));
    }
  }

  /**
   * A correct password: forgets the pair's failures (a user who mistyped starts afresh). The user
   * name's and the address's counts stay: a success must not reset an attack going on elsewhere.
   * Reads before it writes, since operators send Basic with every request.
   */
  void succeeded(String username, String remoteAddress) {
    String pair = pair(username(username), ClientAddressLimits.subject(remoteAddress));
    if (limiter.hits(perPair, pair) > 0) {
      limiter.reset(perPair, pair);
    }
  }

  /** {@code backoff-base} doubled {@code doublings} times, at most {@code max}. */
  private Duration backoff(int doublings, Duration max) {
    if (doublings >= 40) {
      return max;
    }
    long seconds = backoffBase.toSeconds() << doublings;
    return seconds <= 0 || seconds > max.toSeconds() ? max : Duration.ofSeconds(seconds);
  }

  private static String pair(String user, String address) {
    return user + '\n' + address;
  }

  private static String username(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }
}
