package cn.railway.tempid.verification;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of checkpoint verification, bound from {@code tempid.*} (defaults in
 * application.yml, documented in docs/configuration.md): the keys live where the rest of the
 * service reads them too ({@code tempid.frames.*}, {@code tempid.checks.*}), so the feature binds
 * only its own of them under the common prefix.
 *
 * @param publicBaseUrl {@code tempid.public-base-url}: the service's public http(s) URL; the status
 *     list token's {@code sub} is {@link #statusListUri()}, never taken from a request's {@code
 *     Host}
 * @param frames {@code tempid.frames.*}: the status list's lifetimes
 * @param checks {@code tempid.checks.*}: the ticket-match limit
 * @param verification {@code tempid.verification.*}: the writer of verification records
 */
@ConfigurationProperties(prefix = "tempid")
record VerificationProperties(
    String publicBaseUrl,
    @DefaultValue Frames frames,
    @DefaultValue Checks checks,
    @DefaultValue Verification verification) {

  VerificationProperties {
    statusListUri(publicBaseUrl);
  }

  /**
   * The status list's lifetimes.
   *
   * @param statusListTtl {@code tempid.frames.status-list-ttl}: how long checkpoints may use a
   *     downloaded status list
   * @param statusListTokenValidity {@code tempid.frames.status-list-token-validity}: the {@code
   *     exp} of the status list token; not shorter than {@code statusListTtl}
   */
  record Frames(Duration statusListTtl, Duration statusListTokenValidity) {
    Frames {
      if (statusListTtl == null || statusListTtl.toSeconds() < 1) {
        throw new IllegalStateException("tempid.frames.status-list-ttl must be at least 1 s");
      }
      if (statusListTokenValidity == null) {
        throw new IllegalStateException("tempid.frames.status-list-token-validity is required");
      }
      if (statusListTokenValidity.compareTo(statusListTtl) < 0) {
        throw new IllegalStateException(
            "tempid.frames.status-list-token-validity must not be shorter than the"
                + " status-list-ttl");
      }
    }
  }

  /**
   * @param ticketMatch {@code tempid.checks.ticket-match.*}
   */
  record Checks(@DefaultValue TicketMatch ticketMatch) {}

  /**
   * Ticket ID numbers that are not the holder's, per certificate and fixed window ({@link
   * TicketMatches}).
   *
   * @param maxMisses misses within one window before every ticket match is refused (3)
   * @param window the fixed window (PT10M)
   */
  record TicketMatch(Integer maxMisses, Duration window) {
    TicketMatch {
      maxMisses = maxMisses == null ? 3 : maxMisses;
      window = window == null ? Duration.ofMinutes(10) : window;
      if (maxMisses < 1) {
        throw new IllegalStateException("tempid.checks.ticket-match.max-misses must be at least 1");
      }
      if (window.toSeconds() < 1) {
        throw new IllegalStateException("tempid.checks.ticket-match.window must be at least 1 s");
      }
    }
  }

  /**
   * @param records {@code tempid.verification.records.*}
   */
  record Verification(@DefaultValue Records records) {}

  /**
   * The one writer of verification records ({@link VerificationRecords}): a full queue or a slower
   * commit answers 503 with {@code Retry-After}.
   *
   * @param capacity verifications waiting to be written at most (4096)
   * @param maxBatch verifications written in one transaction at most (256)
   * @param maxWait longest a verification waits for its commit (5s)
   */
  record Records(Integer capacity, Integer maxBatch, Duration maxWait) {
    Records {
      capacity = capacity == null ? 4096 : capacity;
      maxBatch = maxBatch == null ? 256 : maxBatch;
      maxWait = maxWait == null ? Duration.ofSeconds(5) : maxWait;
      if (capacity < 1) {
        throw new IllegalStateException("tempid.verification.records.capacity must be at least 1");
      }
      if (maxBatch < 1) {
        throw new IllegalStateException("tempid.verification.records.max-batch must be at least 1");
      }
      if (maxWait.toMillis() < 1) {
        throw new IllegalStateException(
            "tempid.verification.records.max-wait must be at least 1 ms");
      }
    }
  }

  /**
   * The signed status list token's {@code sub}: the status list's public URL, from {@code
   * tempid.public-base-url}, never from the request's {@code Host} (a client could otherwise have
   * the service sign any URL it names).
   */
  String statusListUri() {
    return statusListUri(publicBaseUrl);
  }

  private static String statusListUri(String publicBaseUrl) {
    URI base;
    try {
      base = new URI(publicBaseUrl.strip());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("tempid.public-base-url is not a URL");
    }
    if (!base.isAbsolute()
        || !List.of("http", "https").contains(base.getScheme().toLowerCase(Locale.ROOT))
        || base.getHost() == null
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      throw new IllegalStateException(
          "tempid.public-base-url must be the service's public http(s) URL, e.g."
              + " https://tempid.example.cn");
    }
    return base.toString().replaceAll("/+$", "") + "/api/v1/status-list";
  }
}
