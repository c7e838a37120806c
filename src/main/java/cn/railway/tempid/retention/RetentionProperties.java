package cn.railway.tempid.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention's settings, bound from {@code tempid.retention.*} (defaults in application.yml and
 * here, documented in docs/configuration.md).
 *
 * @param personalData personal data of finished cases is purged after this (P31D, at least {@link
 *     PersonalDataPurge#MINIMUM_RETENTION}: history is shown for one month; quota counts a month)
 */
@ConfigurationProperties(prefix = "tempid.retention")
record RetentionProperties(Duration personalData) {
  RetentionProperties {
    personalData = personalData == null ? PersonalDataPurge.MINIMUM_RETENTION : personalData;
    if (personalData.compareTo(PersonalDataPurge.MINIMUM_RETENTION) < 0) {
      throw new IllegalStateException(
          "tempid.retention.personal-data must be at least "
              + PersonalDataPurge.MINIMUM_RETENTION
              + " (history is shown for one month; quota counts a month)");
    }
  }
}
