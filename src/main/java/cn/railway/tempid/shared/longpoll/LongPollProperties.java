package cn.railway.tempid.shared.longpoll;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Long polls ({@code Prefer: wait=N}, docs/long-poll.md), bound from {@code tempid.long-poll.*}
 * (defaults in application.yml, documented in docs/configuration.md).
 *
 * @param maxWait the cap of {@code wait=N} (PT30S)
 * @param rereadThreads the threads that re-read a resource whose key changed (2)
 */
@ConfigurationProperties(prefix = "tempid.long-poll")
record LongPollProperties(Duration maxWait, Integer rereadThreads) {
  LongPollProperties {
    maxWait = maxWait == null ? Duration.ofSeconds(30) : maxWait;
    rereadThreads = rereadThreads == null ? 2 : rereadThreads;
    if (maxWait.isNegative()) {
      throw new IllegalStateException("tempid.long-poll.max-wait must not be negative");
    }
    if (rereadThreads < 1) {
      throw new IllegalStateException("tempid.long-poll.reread-threads must be at least 1");
    }
  }
}
