package cn.railway.tempid.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Registered passengers' sessions, bound from {@code tempid.accounts.*} (default in
 * application.yml, documented in docs/configuration.md).
 *
 * @param accessTokenTtl how long a passenger's bearer access token is valid after login
 */
@ConfigurationProperties(prefix = "tempid.accounts")
record AccountProperties(Duration accessTokenTtl) {
  AccountProperties {
    if (accessTokenTtl == null || accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
      throw new IllegalStateException(
          "tempid.accounts.access-token-ttl must be a positive duration");
    }
  }
}
