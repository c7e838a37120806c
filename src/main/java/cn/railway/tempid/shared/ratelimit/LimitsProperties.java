package cn.railway.tempid.shared.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Abuse limits, bound from {@code tempid.limits.*} (defaults in application.yml, documented in the
 * README). Each limit is {@code max} requests per fixed {@code window} of the one clock.
 * Per-address limits are high on purpose: a station's Wi-Fi or a mobile carrier's carrier-grade NAT
 * puts many passengers behind one address; the per-person limits do the real work.
 *
 * @param submissionPerPerson submissions (POST /applications) per person key
 * @param submissionPerAddress submissions per client address
 * @param lookupPerPerson guest certificate lookups per person key
 * @param lookupPerAddress guest certificate lookups per client address
 * @param livenessPerPerson liveness sessions started on request (new attempts, re-verifications,
 *     lookups) per person key
 * @param livenessPerAddress the same per client address
 * @param loginPerAddress login attempts (successful or not) per client address
 * @param loginFailuresPerUsername failed logins per username before it is locked
 * @param loginLockout how long a username stays locked after too many failed logins
 * @param operatorLoginFailuresPerAddress failed operator logins (Camunda users: HTTP Basic on the
 *     API and {@code /engine-rest}, the Cockpit/Tasklist login) per client address; reaching it
 *     refuses every operator login from that address for one window
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
    Window loginFailuresPerUsername,
    Duration loginLockout,
    Window operatorLoginFailuresPerAddress) {

  /** At most {@code max} hits in each {@code window}. */
  public record Window(int max, Duration window) {}
}
