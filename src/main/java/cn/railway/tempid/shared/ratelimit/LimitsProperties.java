package cn.railway.tempid.shared.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Abuse limits, bound from {@code tempid.limits.*} (defaults in application.yml, documented in the
 * docs/configuration.md). Each limit is {@code max} requests per fixed {@code window} of the one
 * clock. Per-address limits are high on purpose: a station's Wi-Fi or a mobile carrier's
 * carrier-grade NAT puts many passengers behind one address; the per-person limits do the real
 * work.
 *
 * @param submissionPerPerson submissions (POST /applications) per person key
 * @param submissionPerAddress submissions per client address
 * @param lookupPerPerson guest certificate lookups per person key
 * @param lookupPerAddress guest certificate lookups per client address
 * @param livenessPerPerson liveness sessions started on request (new attempts, re-verifications,
 *     lookups) per person key
 * @param livenessPerAddress the same per client address
 * @param loginPerAddress login attempts (successful or not) per client address
 * @param loginFailures failed passenger logins ({@code POST /auth/login})
 * @param operatorLoginFailures failed operator logins (Camunda users: HTTP Basic on the API, on
 *     {@code /engine-rest} and on the actuator, the Cockpit/Tasklist/Admin login form)
 */
@ConfigurationProperties(prefix = "tempid.limits")
public record LimitsProperties(
    Window submissionPerPerson,
    Window submissionPerAddress,
    Window lookupPerPerson,
    Window lookupPerAddress,
    Window livenessPerPerson,
    Window livenessPerAddress,
    Window loginPerAddress,
    LoginFailures loginFailures,
    LoginFailures operatorLoginFailures) {

  /** At most {@code max} hits in each {@code window}. */
  public record Window(int max, Duration window) {}

  /**
   * How failed logins slow the next ones down (see {@link LoginThrottle}): per user name and client
   * address first, so that guessing from one address never keeps the user out at another.
   *
   * @param perPair failed logins of one (user name, address) pair remembered per window; from the
   *     {@code max}-th on the pair waits {@code backoffBase}, doubling with each further failure
   * @param backoffBase the first wait of a pair
   * @param backoffMax the longest wait of a pair
   * @param perAddress failed logins from one address across all user names; reaching {@code max}
   *     refuses every login from that address for the rest of the window and one more
   * @param perUsername failed logins of one user name from all addresses; from {@code max} on, the
   *     user name waits {@code backoffBase}, doubling, at most {@code usernameBackoffMax}, at every
   *     address (a distributed guess only slows down; it never locks the user out for long)
   * @param usernameBackoffMax the longest wait of a user name (keep it short: the user waits too)
   */
  public record LoginFailures(
      Window perPair,
      Duration backoffBase,
      Duration backoffMax,
      Window perAddress,
      Window perUsername,
      Duration usernameBackoffMax) {}
}
