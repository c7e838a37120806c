package cn.railway.tempid.shared.shedding;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tempid.shedding.*} (docs/scaling.md, "Peak load: shedding"). Every field has a default.
 *
 * @param enabled off: every request is admitted (no limit, no reserved connections checked)
 * @param algorithm how the limit adapts: {@code gradient2} (default: follows the latency gradient
 *     of admitted requests), {@code vegas} (follows queueing estimated from latency), {@code fixed}
 *     (always {@code maxConcurrency}: tests, or a node sized by hand)
 * @param maxConcurrency the hard ceiling of admitted API requests at once; when absent it is
 *     derived: the connection pool less the job executor's threads less {@code
 *     reservedConnections}. A configured value larger than that refuses the start
 * @param minConcurrency the adaptive limit never goes below this
 * @param reservedConnections pool connections kept for the node's background work besides the job
 *     executor (Quartz housekeeping, long-poll re-reads, the verification writer, health checks)
 * @param finishingShare the share of the ceiling that only work finishing journeys may use
 *     (liveness callbacks and captures, verifications, review decisions, staff tools): polls and
 *     new submissions are shed first
 * @param newWorkShare guaranteed share of the adaptive limit for new submissions and other writes
 * @param pollShare guaranteed share of the adaptive limit for polls and other reads
 * @param pollRetryAfter {@code Retry-After} of a shed poll (429)
 * @param retryAfter {@code Retry-After} of any other shed request (503)
 * @param maxQueuedJobs new work is shed while more engine jobs than this are due and not yet
 *     started (all nodes together); absent: twice the job executor's threads
 * @param maxWait how long a poll or a request that finishes a journey may wait for a place before
 *     it is shed (0 to 45 ms: a shed request is answered within 50 ms); new work never waits
 */
@ConfigurationProperties(prefix = "tempid.shedding")
public record SheddingProperties(
    Boolean enabled,
    String algorithm,
    Integer maxConcurrency,
    Integer minConcurrency,
    Integer reservedConnections,
    Double finishingShare,
    Double newWorkShare,
    Double pollShare,
    Duration pollRetryAfter,
    Duration retryAfter,
    Integer maxQueuedJobs,
    Duration maxWait) {

  public SheddingProperties {
    enabled = enabled == null || enabled;
    algorithm = algorithm == null ? "gradient2" : algorithm.trim().toLowerCase(Locale.ROOT);
    minConcurrency = minConcurrency == null ? 2 : minConcurrency;
    reservedConnections = reservedConnections == null ? 6 : reservedConnections;
    finishingShare = finishingShare == null ? 0.4 : finishingShare;
    newWorkShare = newWorkShare == null ? 0.3 : newWorkShare;
    pollShare = pollShare == null ? 0.3 : pollShare;
    pollRetryAfter = pollRetryAfter == null ? Duration.ofSeconds(1) : pollRetryAfter;
    retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
    maxWait = maxWait == null ? Duration.ofMillis(40) : maxWait;
    if (!algorithm.equals("gradient2")
        && !algorithm.equals("vegas")
        && !algorithm.equals("fixed")) {
      throw new IllegalArgumentException(
          "tempid.shedding.algorithm must be gradient2, vegas or fixed");
    }
    if (maxConcurrency != null && maxConcurrency < 2) {
      throw new IllegalArgumentException("tempid.shedding.max-concurrency must be at least 2");
    }
    if (minConcurrency < 1 || (maxConcurrency != null && minConcurrency > maxConcurrency)) {
      throw new IllegalArgumentException(
          "tempid.shedding.min-concurrency must be at least 1 and at most max-concurrency");
    }
    if (reservedConnections < 0) {
      throw new IllegalArgumentException(
          "tempid.shedding.reserved-connections must not be negative");
    }
    for (double share : new double[] {finishingShare, newWorkShare, pollShare}) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("tempid.shedding.*-share must be within 0..1");
      }
    }
    if (finishingShare <= 0 || finishingShare >= 1) {
      throw new IllegalArgumentException(
          "tempid.shedding.finishing-share must be above 0 and below 1");
    }
    if (finishingShare + newWorkShare + pollShare > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "tempid.shedding: finishing-share + new-work-share + poll-share must not exceed 1");
    }
    if (maxQueuedJobs != null && maxQueuedJobs < 1) {
      throw new IllegalArgumentException("tempid.shedding.max-queued-jobs must be at least 1");
    }
    if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMillis(45)) > 0) {
      throw new IllegalArgumentException(
          "tempid.shedding.max-wait must be within 0..45ms: a shed request is answered within"
              + " 50 ms");
    }
    if (pollRetryAfter.toMillis() < 1 || retryAfter.toMillis() < 1) {
      throw new IllegalArgumentException(
          "tempid.shedding.poll-retry-after and retry-after must be at least 1 ms");
    }
  }
}
